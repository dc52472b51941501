package ai.composo.spark;

import ai.composo.server.ComposoServer;
import ai.composo.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of this module's tests (surefire runs them in one JVM): {@code local[2,2]}, two worker
 * threads and a second attempt for a failed task, bound to 127.0.0.1, no UI. Also in-process Composo servers.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,2]")
                    .appName("composo-spark-tests")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }

    /** A server on 127.0.0.1 (port 0) with the embedded judge, as {@code composo eval} starts one; extra settings override. */
    static ComposoServer server(Map<String, String> settings) {
        Path db;
        try {
            db = Files.createTempFile("composo-spark-test-", ".db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        db.toFile().deleteOnExit();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("host", "127.0.0.1");
        o.put("port", "0");
        o.put("dev", "true");
        o.put("database.url", "jdbc:sqlite:" + db);
        o.put("rate-limit.requests-per-hour", "0");
        o.put("rate-limit.concurrent", "0");
        o.putAll(settings);
        return ComposoServer.start(ServerConfig.load(null, Map.of(), o));
    }

    static Path examples() {
        Path p = Path.of("..", "examples").toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("no examples directory at " + p);
        }
        return p;
    }
}
