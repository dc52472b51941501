package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileTest {
    @TempDir
    Path dir;

    private static final ResultRecord OK = new ResultRecord("a", 1L, "Reward x", 1, 0.75, null, "fine, \"quoted\"\nand multi-line", null, 12L, false);
    private static final ResultRecord NA = new ResultRecord("b", 2L, "Passes if y", 2, null, null, "n/a", null, 3L, true);
    private static final ResultRecord ERR = new ResultRecord("c", null, "Reward x", 1, null, null, null, "line 3: bad", null, null);

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void roundTripAndAppend(OutputFormat format) {
        Path p = dir.resolve("r." + format.name().toLowerCase());
        try (ResultFile f = ResultFile.open(p, format, false)) {
            f.write(OK);
            f.write(NA);
        }
        try (ResultFile f = ResultFile.open(p, format, true)) {
            f.write(ERR);
        }
        List<ResultRecord> back = new ArrayList<>();
        assertThat(ResultFile.read(p, format, back::add)).isEqualTo(3);
        assertThat(back).containsExactly(OK, NA, ERR);
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void rewriteKeepsTheAcceptedResultsInOrderAndDropsATornTail(OutputFormat format) throws Exception {
        Path p = dir.resolve("r." + format.name().toLowerCase());
        try (ResultFile f = ResultFile.open(p, format, false)) {
            f.write(OK);
            f.write(ERR);
            f.write(NA);
        }
        String torn = format == OutputFormat.CSV ? "d,4,Reward x,1,0.5,,\"half an expl" : "{\"id\":\"d\",\"line\":4,\"criterion\":\"Reward x\"}";
        Files.writeString(p, Files.readString(p) + torn, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(ResultFile.rewrite(p, format, r -> !r.isError())).isEqualTo(1);

        List<ResultRecord> back = new ArrayList<>();
        ResultFile.read(p, format, back::add);
        assertThat(back).containsExactly(OK, NA);
        assertThat(Files.list(dir)).containsExactly(p);
        try (ResultFile f = ResultFile.open(p, format, true)) {
            f.write(ERR);
        }
        back.clear();
        ResultFile.read(p, format, back::add);
        assertThat(back).containsExactly(OK, NA, ERR);
    }

    @Test
    void tornLastLineIsCutBeforeAppending() throws Exception {
        Path p = dir.resolve("r.jsonl");
        try (ResultFile f = ResultFile.open(p, OutputFormat.JSONL, false)) {
            f.write(OK);
        }
        Files.writeString(p, Files.readString(p) + "{\"id\":\"b\",\"crit", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        List<ResultRecord> back = new ArrayList<>();
        ResultFile.read(p, OutputFormat.JSONL, back::add);
        assertThat(back).containsExactly(OK);
        try (ResultFile f = ResultFile.open(p, OutputFormat.JSONL, true)) {
            f.write(NA);
        }
        back.clear();
        ResultFile.read(p, OutputFormat.JSONL, back::add);
        assertThat(back).containsExactly(OK, NA);
        assertThat(Files.readAllLines(p)).hasSize(2);
    }

    @Test
    void garbageInTheMiddleIsReported() throws Exception {
        Path p = dir.resolve("r.jsonl");
        Files.writeString(p, ResultFile.jsonLine(OK) + "not json\n" + ResultFile.jsonLine(NA));
        assertThatThrownBy(() -> ResultFile.read(p, OutputFormat.JSONL, r -> { }))
                .isInstanceOf(InputException.class).hasMessageContaining("line 2");
    }
}
