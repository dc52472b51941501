package ai.composo.server;

import ai.composo.server.cli.HealthcheckCommand;
import ai.composo.server.cli.KeysCommand;
import ai.composo.server.cli.ServeCommand;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * {@code java -jar composo-server-<version>-all.jar [serve flags]} starts the server;
 * {@code ... keys create|list|revoke} manages API keys; {@code ... healthcheck} asks a running server whether it is healthy.
 */
public final class Main {
    private Main() {}

    /** Library start-up chatter (pool, migrations, Jetty) at WARN unless configured otherwise; key commands print only their answer. */
    static void quietLibraries(boolean everything) {
        String prefix = "org.slf4j.simpleLogger.log.";
        for (String lib : new String[] {"com.zaxxer.hikari", "org.flywaydb", "org.eclipse.jetty", "io.javalin"}) {
            if (System.getProperty(prefix + lib) == null) {
                System.setProperty(prefix + lib, "warn");
            }
        }
        if (everything && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        quietLibraries(args.length > 0 && args[0].equals("keys"));
        if (args.length > 0 && args[0].equals("keys")) {
            return new CommandLine(new KeysCommand()).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && args[0].equals("healthcheck")) {
            return new CommandLine(new HealthcheckCommand()).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        String[] rest = args.length > 0 && args[0].equals("serve") ? Arrays.copyOfRange(args, 1, args.length) : args;
        return new CommandLine(new ServeCommand()).execute(rest);
    }
}
