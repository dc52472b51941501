package ai.composo.server.cli;

import ai.composo.server.ServerConfig;
import ai.composo.server.internal.ApiKeys;
import ai.composo.server.internal.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keys create|list|revoke}: manages the API keys stored (hashed) in the server's database. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys of the self-hosted server.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Where the database is: the same sources as {@code serve}. */
    public static class DatabaseOptions {
        @Option(names = "--config", paramLabel = "FILE", description = "Properties file with server settings.")
        Path configFile;

        @Option(names = "--database-url", paramLabel = "JDBC_URL", description = "Database (default: as configured, else jdbc:sqlite:./composo-data/composo.db).")
        String databaseUrl;

        @Option(names = "--database-user", description = "Database user (PostgreSQL).")
        String databaseUser;

        Database open() {
            Map<String, String> o = new LinkedHashMap<>();
            if (databaseUrl != null) {
                o.put("database.url", databaseUrl);
            }
            if (databaseUser != null) {
                o.put("database.user", databaseUser);
            }
            Map<String, String> env = new LinkedHashMap<>(System.getenv());
            ServerConfig c = ServerConfig.load(configFile, env, o);
            return new Database(c);
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions db;

        abstract int run(ApiKeys keys, PrintWriter out, PrintWriter err);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Database d = db.open()) {
                return run(new ApiKeys(d), out, err);
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("Error: " + e.getMessage());
                return 2;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key and print it once.")
    static class Create extends Sub {
        @Option(names = "--name", description = "A label for the key, e.g. the team or service using it.")
        String name;

        @Override
        int run(ApiKeys keys, PrintWriter out, PrintWriter err) {
            ApiKeys.CreatedKey k = keys.create(name);
            err.println("Created key " + k.id() + " (" + k.name() + "). It is shown only now; store it safely:");
            err.flush();
            out.println(k.key());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (ids and names; never the keys).")
    static class ListKeys extends Sub {
        @Override
        int run(ApiKeys keys, PrintWriter out, PrintWriter err) {
            List<ApiKeys.KeyInfo> all = keys.list();
            out.printf("%-14s %-10s %-22s %s%n", "ID", "STATUS", "CREATED", "NAME");
            for (ApiKeys.KeyInfo k : all) {
                out.printf("%-14s %-10s %-22s %s%n", k.id(), k.active() ? "active" : "revoked",
                        k.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), k.name());
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id (or the key itself).")
    static class Revoke extends Sub {
        @Parameters(paramLabel = "ID", description = "The key's id, as shown by 'keys list'.")
        String id;

        @Override
        int run(ApiKeys keys, PrintWriter out, PrintWriter err) {
            if (keys.revoke(id)) {
                out.println("Revoked key " + id.replaceAll("^cp-([0-9a-f]{12})-.*$", "$1"));
                return 0;
            }
            err.println("No active key with id " + id.replaceAll("^cp-([0-9a-f]{12})-.*$", "$1"));
            return 1;
        }
    }
}
