package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

/**
 * A fresh schema on the PostgreSQL named by {@code COMPOSO_TEST_POSTGRES_URL} ({@code .ci/run} starts one),
 * dropped on close. {@link #open()} returns null when the variable is not set, so the tests skip.
 */
final class TestPostgres implements AutoCloseable {
    static final String SKIP = "PostgreSQL tests skipped: COMPOSO_TEST_POSTGRES_URL is not set "
            + "(.ci/run sets it after starting a local PostgreSQL)";

    final String baseUrl;
    final String schema;
    /** The JDBC URL of the fresh schema, as a server's {@code database.url}. */
    final String url;

    private TestPostgres(String baseUrl, String schema) {
        this.baseUrl = baseUrl;
        this.schema = schema;
        this.url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static TestPostgres open() throws Exception {
        String baseUrl = System.getenv("COMPOSO_TEST_POSTGRES_URL");
        if (baseUrl == null || baseUrl.isBlank()) {
            System.err.println(SKIP);
            return null;
        }
        String schema = "composo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(baseUrl)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        return new TestPostgres(baseUrl, schema);
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(url);
    }

    /** A key stored in the schema by {@code keys create}, as an operator makes one. */
    String createKey(String... extraArgs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            String[] args = new String[4 + extraArgs.length];
            args[0] = "keys";
            args[1] = "create";
            System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
            args[2 + extraArgs.length] = "--database-url";
            args[3 + extraArgs.length] = url;
            assertThat(Main.run(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() throws Exception {
        try (Connection c = DriverManager.getConnection(baseUrl)) {
            c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
