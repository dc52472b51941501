package ai.composo.server;

import ai.composo.server.cli.KeysCommand;
import ai.composo.server.cli.ServeCommand;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * {@code java -jar composo-server-<version>-all.jar [serve flags]} starts the server;
 * {@code ... keys create|list|revoke} manages API keys.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        if (args.length > 0 && args[0].equals("keys")) {
            return new CommandLine(new KeysCommand()).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        String[] rest = args.length > 0 && args[0].equals("serve") ? Arrays.copyOfRange(args, 1, args.length) : args;
        return new CommandLine(new ServeCommand()).execute(rest);
    }
}
