package ai.composo.cli.internal;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The results file: written one complete line per result, flushed line by line (so a crash or Ctrl-C
 * loses at most the line being written), and read back for {@code --resume} and for the HTML report.
 * A torn last line, left by a killed process, is cut off before appending.
 */
public final class ResultFile implements AutoCloseable {
    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema CSV_SCHEMA;
    private static final ObjectWriter CSV_WRITER;

    static {
        CsvSchema.Builder b = CsvSchema.builder();
        ResultRecord.COLUMNS.forEach(b::addColumn);
        CSV_SCHEMA = b.build();
        CSV_WRITER = CSV.writerFor(Object[].class).with(CSV_SCHEMA.withoutHeader());
    }

    private final Path path;
    private final OutputFormat format;
    private final Writer out;
    private long written;

    private ResultFile(Path path, OutputFormat format, Writer out) {
        this.path = path;
        this.format = format;
        this.out = out;
    }

    /**
     * Opens the file for writing: truncated when {@code append} is false, otherwise appended to after
     * any torn last line is cut off.
     */
    public static ResultFile open(Path path, OutputFormat format, boolean append) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean fresh = !append || !Files.exists(path) || Files.size(path) == 0;
            if (!fresh) {
                cutTornTail(path);
                fresh = Files.size(path) == 0;
                if (!fresh && format == OutputFormat.CSV && !currentCsvHeader(path)) {
                    // Written by an older version with fewer columns: rewritten with today's header before appending.
                    rewrite(path, format, r -> true);
                }
            }
            Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND),
                    StandardCharsets.UTF_8), 1 << 16);
            ResultFile f = new ResultFile(path, format, w);
            if (fresh && format == OutputFormat.CSV) {
                w.write(String.join(",", ResultRecord.COLUMNS));
                w.write('\n');
                w.flush();
            }
            return f;
        } catch (IOException e) {
            throw new InputException("Cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Writes one result as one line and flushes it. Safe to call from several threads. */
    public synchronized void write(ResultRecord r) {
        try {
            out.write(format == OutputFormat.CSV ? csvLine(r) : jsonLine(r));
            out.flush();
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + path + ": " + e.getMessage(), e);
        }
    }

    public synchronized long written() {
        return written;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + path + ": " + e.getMessage(), e);
        }
    }

    static String jsonLine(ResultRecord r) {
        StringWriter sw = new StringWriter(256);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            if (r.line() == null) {
                g.writeNullField("line");
            } else {
                g.writeNumberField("line", r.line());
            }
            g.writeStringField("criterion", r.criterion());
            g.writeNumberField("repeat", r.repeat());
            if (r.score() == null) {
                g.writeNullField("score");
            } else {
                g.writeNumberField("score", r.score());
            }
            if (r.passed() == null) {
                g.writeNullField("passed");
            } else {
                g.writeBooleanField("passed", r.passed());
            }
            g.writeStringField("explanation", r.explanation());
            g.writeStringField("error", r.error());
            if (r.latencyMs() == null) {
                g.writeNullField("latency_ms");
            } else {
                g.writeNumberField("latency_ms", r.latencyMs());
            }
            if (r.cacheHit() == null) {
                g.writeNullField("cache_hit");
            } else {
                g.writeBooleanField("cache_hit", r.cacheHit());
            }
            if (r.runId() != null) {
                g.writeStringField("run_id", r.runId());
            }
            if (r.sampleStd() != null) {
                g.writeNumberField("sample_std", r.sampleStd());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sw.write('\n');
        return sw.toString();
    }

    static String csvLine(ResultRecord r) throws JsonProcessingException {
        return CSV_WRITER.writeValueAsString(new Object[] {r.id(), r.line(), r.criterion(), r.repeat(), r.score(),
                r.passed(), r.explanation(), r.error(), r.latencyMs(), r.cacheHit(), r.runId(), r.sampleStd()});
    }

    private static boolean currentCsvHeader(Path path) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return String.join(",", ResultRecord.COLUMNS).equals(r.readLine());
        }
    }

    /** Cuts everything after the last newline: a line without one was never completely written. */
    static void cutTornTail(Path path) throws IOException {
        long keep = completeLength(path);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            if (keep < ch.size()) {
                ch.truncate(keep);
            }
        }
    }

    /** The length of the file up to and including its last newline: the part that was completely written. */
    static long completeLength(Path path) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
            long pos = raf.length();
            byte[] buf = new byte[8192];
            while (pos > 0) {
                int n = (int) Math.min(buf.length, pos);
                raf.seek(pos - n);
                raf.readFully(buf, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf[i] == '\n') {
                        return pos - n + i + 1;
                    }
                }
                pos -= n;
            }
            return 0;
        }
    }

    /** The completely written part of the file (see {@link #completeLength}), as text. */
    private static BufferedReader completeLines(Path path) throws IOException {
        long limit = completeLength(path);
        InputStream in = new FilterInputStream(Files.newInputStream(path)) {
            private long left = limit;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * Rewrites the file with only the results {@code keep} accepts, in their order. The new content is written
     * to a temporary sibling, forced to disk and moved over the file atomically, so an interruption leaves
     * either the old file or the new one, never a mix. Returns the number of results dropped.
     */
    public static long rewrite(Path path, OutputFormat format, Predicate<ResultRecord> keep) {
        Path tmp = path.resolveSibling(path.getFileName() + ".rewrite.tmp");
        long[] dropped = {0};
        try {
            try (ResultFile out = open(tmp, format, false)) {
                read(path, format, r -> {
                    if (keep.test(r)) {
                        out.write(r);
                    } else {
                        dropped[0]++;
                    }
                });
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return dropped[0];
        } catch (IOException e) {
            throw new InputException("Cannot rewrite " + path + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary file is only left behind if the move failed
            }
        }
    }

    /**
     * Reads every complete result in the file. A last line without its newline (a torn write, which the next
     * append cuts off) is ignored, in both formats; any other unreadable line is an {@link InputException}
     * naming it.
     */
    public static long read(Path path, OutputFormat format, Consumer<ResultRecord> sink) {
        if (!Files.exists(path)) {
            return 0;
        }
        try {
            return format == OutputFormat.CSV ? readCsv(path, sink) : readJsonl(path, sink);
        } catch (IOException e) {
            throw new InputException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static long readJsonl(Path path, Consumer<ResultRecord> sink) throws IOException {
        long n = 0;
        long lineNo = 0;
        try (BufferedReader r = completeLines(path)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (!line.isBlank()) {
                    JsonNode node;
                    try {
                        node = Json.mapper().readTree(line);
                    } catch (JsonProcessingException e) {
                        throw new InputException(path + " line " + lineNo + " is not a result line (" + Problems.jsonMessage(e)
                                + "); fix or remove it, or write to a new file");
                    }
                    sink.accept(fromJson(node, path, lineNo));
                    n++;
                }
            }
        }
        return n;
    }

    private static ResultRecord fromJson(JsonNode n, Path path, long lineNo) {
        if (!n.isObject() || !n.path("id").isTextual() || !n.path("criterion").isTextual()) {
            throw new InputException(path + " line " + lineNo + " is not a composo result line (needs 'id' and 'criterion')");
        }
        return new ResultRecord(n.get("id").asText(), n.path("line").isNumber() ? n.get("line").asLong() : null,
                n.get("criterion").asText(), n.path("repeat").asInt(1),
                n.path("score").isNumber() ? n.get("score").asDouble() : null,
                n.path("passed").isBoolean() ? n.get("passed").asBoolean() : null,
                n.path("explanation").isTextual() ? n.get("explanation").asText() : null,
                n.path("error").isTextual() ? n.get("error").asText() : null,
                n.path("latency_ms").isNumber() ? n.get("latency_ms").asLong() : null,
                n.path("cache_hit").isBoolean() ? n.get("cache_hit").asBoolean() : null,
                n.path("run_id").isTextual() ? n.get("run_id").asText() : null,
                n.path("sample_std").isNumber() ? n.get("sample_std").asDouble() : null);
    }

    private static long readCsv(Path path, Consumer<ResultRecord> sink) throws IOException {
        long n = 0;
        try (BufferedReader r = completeLines(path);
             MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(r)) {
            while (true) {
                Map<String, String> m;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    m = it.nextValue();
                } catch (IOException | RuntimeException e) {
                    throw new InputException(path + " near line " + it.getCurrentLocation().getLineNr()
                            + " is not a result line; fix or remove it, or write to a new file");
                }
                String id = m.get("id");
                String criterion = m.get("criterion");
                if (id == null || criterion == null) {
                    throw new InputException(path + " is not a composo results CSV (needs the columns " + String.join(",", ResultRecord.COLUMNS) + ")");
                }
                ResultRecord rec;
                try {
                    rec = new ResultRecord(id, longOrNull(m.get("line")), criterion, (int) (long) orElse(longOrNull(m.get("repeat")), 1L),
                            doubleOrNull(m.get("score")), boolOrNull(m.get("passed")), blankToNull(m.get("explanation")),
                            blankToNull(m.get("error")), longOrNull(m.get("latency_ms")), boolOrNull(m.get("cache_hit")),
                            blankToNull(m.get("run_id")), doubleOrNull(m.get("sample_std")));
                } catch (NumberFormatException e) {
                    throw new InputException(path + " near line " + it.getCurrentLocation().getLineNr()
                            + " has a number column (line, repeat, score, latency_ms or sample_std) that is not a number; fix or remove it");
                }
                sink.accept(rec);
                n++;
            }
        }
        return n;
    }

    private static <T> T orElse(T v, T other) {
        return v == null ? other : v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Long longOrNull(String s) {
        return blankToNull(s) == null ? null : Long.valueOf(s);
    }

    private static Double doubleOrNull(String s) {
        return blankToNull(s) == null ? null : Double.valueOf(s);
    }

    private static Boolean boolOrNull(String s) {
        return blankToNull(s) == null ? null : Boolean.valueOf(s);
    }
}
