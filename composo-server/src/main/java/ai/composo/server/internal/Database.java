package ai.composo.server.internal;

import ai.composo.server.ServerConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The connection pool (HikariCP) and schema migrations (Flyway) for SQLite or PostgreSQL. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final boolean sqlite;

    public Database(ServerConfig config) {
        String url = config.databaseUrl();
        this.sqlite = url.startsWith("jdbc:sqlite:");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setPoolName("composo-db");
        if (sqlite) {
            prepareSqliteFile(url);
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "NORMAL");
            hc.addDataSourceProperty("busy_timeout", "15000");
            hc.setMaximumPoolSize(config.databasePoolSize());
        } else {
            config.databaseUser().ifPresent(hc::setUsername);
            config.databasePassword().ifPresent(hc::setPassword);
            hc.setMaximumPoolSize(config.databasePoolSize());
        }
        hc.setConnectionTimeout(15_000);
        hc.setInitializationFailTimeout(15_000);
        try {
            this.dataSource = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot open the database " + redact(url) + ": " + openFailure(e), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("Cannot migrate the database " + redact(url) + ": " + rootMessage(e), e);
        }
    }

    private static void prepareSqliteFile(String url) {
        String path = url.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the database directory " + parent + ": " + e.getMessage(), e);
        }
    }

    static String redact(String url) {
        return url.replaceAll("(?i)password=[^&;]*", "password=***");
    }

    /** Why the pool could not open; a native library that did not load is named as such, not by the JNI method it lacked. */
    private String openFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LinkageError) {
                String where = System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
                return sqlite ? "SQLite's native library could not be loaded. It is extracted to " + where
                        + ", which must be writable and allow running code; choose another directory with -Dorg.sqlite.tmpdir=DIR"
                        : "the database driver's native code could not be loaded";
            }
        }
        return rootMessage(e);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isSqlite() {
        return sqlite;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on one connection in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    public int update(String sql, Binder binder) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    public <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    /** True when a trivial query succeeds within two seconds. */
    public boolean ping() {
        try (Connection c = connection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A database failure: a server fault (500), never a client's mistake. */
    public static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(String sql, SQLException cause) {
            super("database error (" + cause.getMessage() + ") in: " + sql.split("\\s+", 3)[0] + " ...", cause);
        }
    }
}
