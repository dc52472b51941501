package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The terminal bar as a user sees it on narrow terminals: a visible bar, a sane first frame, counters only when set. */
class ProgressBarWidthTest {
    private static String render(int columns, long errors) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long[] limited = {0};
        Progress p = Progress.create(Progress.Mode.BAR, true, err, 200, 0, 0, () -> limited[0], () -> 0, 1000, columns);
        Thread.sleep(250);
        String first = bytes.toString(StandardCharsets.UTF_8);
        for (int i = 0; i < 100; i++) {
            p.advance(i < errors);
        }
        limited[0] = errors > 0 ? 3 : 0;
        p.close();
        return first + "\u0000" + bytes.toString(StandardCharsets.UTF_8);
    }

    private static String lastFrame(String out) {
        String[] frames = out.split("\r");
        return frames[frames.length - 1].replaceAll("\u001b\\[[0-9;]*m", "").strip();
    }

    @Test
    void at60And80ColumnsTheBarIsVisibleAndTheLineFits() throws Exception {
        for (int columns : new int[] {60, 80}) {
            String[] both = render(columns, 2).split("\u0000");
            String line = lastFrame(both[1]);
            assertThat(line.length()).as(line).isLessThanOrEqualTo(columns);
            assertThat(line.chars().filter(c -> c == '█').count()).as(line).isGreaterThanOrEqualTo(3);
            assertThat(line).contains("100/200").contains("2 errors").contains("3×429");
            assertThat(lastFrame(both[0])).as("first frame").doesNotContain(" .0").contains("0/200");
        }
    }

    @Test
    void countersThatAreZeroAreNotShown() throws Exception {
        String line = lastFrame(render(80, 0).split("\u0000")[1]);
        assertThat(line).doesNotContain("error").doesNotContain("429").doesNotContain("retr");
    }
}
