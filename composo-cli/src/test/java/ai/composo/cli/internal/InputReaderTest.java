package ai.composo.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputReaderTest {
    @TempDir
    Path dir;

    private List<RawRecord> readAll(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        List<RawRecord> out = new ArrayList<>();
        try (InputReader r = InputReader.open(p, InputFormat.detect(p))) {
            r.forEachRemaining(out::add);
        }
        assertThat(InputReader.count(p, InputFormat.detect(p))).isEqualTo(out.size());
        return out;
    }

    @Test
    void jsonlKeepsLineNumbersAndReportsBadLines() throws Exception {
        List<RawRecord> rs = readAll("in.jsonl", "{\"id\":\"a\"}\n\n{broken\n[1,2]\n{\"id\":\"b\"}\n");
        assertThat(rs).extracting(RawRecord::line).containsExactly(1L, 3L, 4L, 5L);
        assertThat(rs.get(0).node().get("id").asText()).isEqualTo("a");
        assertThat(rs.get(1).error()).startsWith("invalid JSON").doesNotContain("Source");
        assertThat(rs.get(2).error()).isEqualTo("expected a JSON object, got an array");
        assertThat(rs.get(3).isError()).isFalse();
    }

    @Test
    void jsonArrayStreamsElementsWithTheirLines() throws Exception {
        List<RawRecord> rs = readAll("in.json", "[\n  {\"id\": 1},\n  \"oops\",\n  {\"id\": 2,\n   \"x\": [1]}\n]\n");
        assertThat(rs).extracting(RawRecord::line).containsExactly(2L, 3L, 4L);
        assertThat(rs.get(1).error()).isEqualTo("expected a JSON object, got a string");
        assertThat(rs.get(2).node().get("id").asInt()).isEqualTo(2);
    }

    @Test
    void jsonThatIsNotAnArrayIsAnInputError() throws Exception {
        Path p = dir.resolve("obj.json");
        Files.writeString(p, "{\"id\": 1}\n{\"id\": 2}\n");
        try (InputReader r = InputReader.open(p, InputFormat.JSON)) {
            assertThatThrownBy(r::hasNext).isInstanceOf(InputException.class).hasMessageContaining("must be a JSON array").hasMessageContaining(".jsonl");
        }
    }

    @Test
    void brokenJsonArrayStopsWithTheLine() throws Exception {
        Path p = dir.resolve("broken.json");
        Files.writeString(p, "[\n{\"id\": 1},\n{\"id\": 2,,}\n]");
        try (InputReader r = InputReader.open(p, InputFormat.JSON)) {
            assertThat(r.next().line()).isEqualTo(2);
            assertThatThrownBy(r::hasNext).isInstanceOf(InputException.class).hasMessageContaining("line 3");
        }
    }

    @Test
    void csvWithQuotedMultilineCells() throws Exception {
        List<RawRecord> rs = readAll("in.csv", "id,prompt,response\nr1,\"Hi, there\",\"line one\nline two\"\n\nr2,q,a\nr3,q,a,extra\nr4,,\n");
        assertThat(rs).extracting(RawRecord::line).containsExactly(2L, 5L, 6L, 7L);
        assertThat(rs.get(0).node().get("response").asText()).isEqualTo("line one\nline two");
        assertThat(rs.get(0).node().get("prompt").asText()).isEqualTo("Hi, there");
        assertThat(rs.get(2).error()).isEqualTo("has 4 cells but the header has 3 columns");
        assertThat(rs.get(3).node().has("prompt")).isFalse();
    }

    @Test
    void unterminatedQuoteStopsWithTheLine() throws Exception {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, "id,prompt,response\nr1,q,a\nr2,\"open\n");
        try (InputReader r = InputReader.open(p, InputFormat.CSV)) {
            assertThat(r.next().line()).isEqualTo(2);
            assertThatThrownBy(r::hasNext).isInstanceOf(InputException.class).hasMessageContaining("closing quote");
        }
    }

    @Test
    void formatDetection() {
        assertThat(InputFormat.detect(Path.of("a.JSONL"))).isEqualTo(InputFormat.JSONL);
        assertThat(InputFormat.detect(Path.of("a.ndjson"))).isEqualTo(InputFormat.JSONL);
        assertThat(InputFormat.detect(Path.of("a.json.gz"))).isEqualTo(InputFormat.JSON);
        assertThat(InputFormat.detect(Path.of("a.csv"))).isEqualTo(InputFormat.CSV);
        assertThatThrownBy(() -> InputFormat.detect(Path.of("a.txt"))).hasMessageContaining("--input-format");
    }

    @Test
    void missingFileIsAnInputError() {
        assertThatThrownBy(() -> InputReader.open(dir.resolve("nope.jsonl"), InputFormat.JSONL))
                .isInstanceOf(InputException.class).hasMessageContaining("not found");
    }
}
