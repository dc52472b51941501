package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} where SQLite's native library cannot be extracted (as in a container whose /tmp is not writable):
 * the process exits with status 2 and says what is wrong and what to change, not which JNI method was missing.
 */
class NativeLibraryFailureTest {
    @TempDir
    Path dir;

    @Test
    void anUnloadableSqliteLibraryIsExplainedInPlainWords() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        Process p = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Dorg.sqlite.tmpdir=" + notADirectory.resolve("x"),
                "-cp", cp, "ai.composo.server.Main", "serve", "--port", "0", "--database-url", "jdbc:sqlite:" + dir.resolve("n.db"),
                "--set", "judge.quick.type=test")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        String said = out.lines().filter(l -> l.startsWith("Cannot start the server")).findFirst().orElse(out);
        assertThat(said).contains("SQLite's native library could not be loaded", notADirectory.resolve("x").toString(), "-Dorg.sqlite.tmpdir")
                .doesNotContain("org.sqlite.core", "NativeDB", "Exception", "Error");
    }
}
