package ai.composo.cli.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run was: the dataset (path and SHA-256), the criteria, the judge, the tool version, start and end, and the
 * counts. Written beside the results file ({@code results.jsonl} → {@code results.manifest.json}) when the run
 * starts and again when it ends; every result line carries the run's id. {@code composo compare} reads it to warn
 * when two runs judged different data or with different judges.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunManifest(
        int manifestVersion,
        String runId,
        String tool,
        Dataset dataset,
        List<String> criteria,
        Judge judge,
        int repeat,
        String scope,
        String startedAt,
        String endedAt,
        String status,
        Counts counts,
        Integer exitCode,
        List<String> earlierRuns,
        Map<String, Object> cost) {

    public static final int VERSION = 1;

    /** A manifest without a cost (a run not finished yet). */
    public RunManifest(int manifestVersion, String runId, String tool, Dataset dataset, List<String> criteria, Judge judge, int repeat,
                       String scope, String startedAt, String endedAt, String status, Counts counts, Integer exitCode, List<String> earlierRuns) {
        this(manifestVersion, runId, tool, dataset, criteria, judge, repeat, scope, startedAt, endedAt, status, counts, exitCode, earlierRuns, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public RunManifest {
        criteria = List.copyOf(criteria);
        earlierRuns = earlierRuns == null ? List.of() : List.copyOf(earlierRuns);
    }

    /** The dataset a run read: as given, its SHA-256 (hex) and format, and how many rows it holds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Dataset(String path, String sha256, String format, long rows) {}

    /**
     * Who judged: where the evaluations went, the judges behind it (name, type, model and whether it is
     * deterministic, where this process knows them) and the model core requested.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Judge(String target, List<JudgeInfo> judges, String modelCore) {
        public Judge {
            judges = judges == null ? List.of() : List.copyOf(judges);
        }

        /** One line naming the judge, e.g. {@code local: embedded (bge-small-en-v1.5-q)}. */
        public String describe() {
            StringBuilder b = new StringBuilder(target);
            if (!judges.isEmpty()) {
                b.append(": ");
                for (int i = 0; i < judges.size(); i++) {
                    b.append(i > 0 ? ", " : "").append(judges.get(i).describe());
                }
            }
            if (modelCore != null) {
                b.append(", model core ").append(modelCore);
            }
            return b.toString();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JudgeInfo(String name, String type, String model, Boolean deterministic) {
        String describe() {
            return name + (type != null && !type.equals(name) ? " (" + type + ")" : "") + (model != null ? " " + model : "");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Counts(long evaluations, long scored, long notApplicable, long errors) {}

    /** {@code results.jsonl} → {@code results.manifest.json}, in the same folder. */
    public static Path pathFor(Path results) {
        String name = results.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return results.resolveSibling(stem + ".manifest.json");
    }

    /** Written to a temporary sibling and moved into place, so a reader never sees half a manifest. */
    public void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InputException("Cannot write the run manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** The manifest at {@code file}, or null when there is none; an unreadable one is an {@link InputException}. */
    public static RunManifest read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), RunManifest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(file + " is not a composo run manifest (" + Problems.jsonMessage(e) + ")", e);
        } catch (IOException e) {
            throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public RunManifest finished(String endedAt, Counts counts, int exitCode, String status, Map<String, Object> runCost) {
        return new RunManifest(manifestVersion, runId, tool, dataset, criteria, judge, repeat, scope, startedAt, endedAt,
                status, counts, exitCode, earlierRuns, runCost);
    }

    /** Whether two runs judged the same data (by digest) and the same criteria with the same judges. */
    public static List<String> mismatches(RunManifest a, RunManifest b) {
        List<String> out = new java.util.ArrayList<>();
        if (a == null || b == null) {
            return out;
        }
        if (a.dataset() != null && b.dataset() != null && !Objects.equals(a.dataset().sha256(), b.dataset().sha256())) {
            out.add("the datasets differ (SHA-256 " + shortHash(a.dataset().sha256()) + " vs " + shortHash(b.dataset().sha256())
                    + "): rows with the same id may hold different conversations");
        }
        if (a.judge() != null && b.judge() != null && !a.judge().describe().equals(b.judge().describe())) {
            out.add("the judges differ (" + a.judge().describe() + " vs " + b.judge().describe()
                    + "): a score change may be the judge's, not the responses'");
        }
        if (!Objects.equals(a.tool(), b.tool())) {
            out.add("the runs were made by different composo versions (" + a.tool() + " vs " + b.tool() + ")");
        }
        return out;
    }

    private static String shortHash(String h) {
        return h == null ? "unknown" : h.substring(0, Math.min(12, h.length()));
    }

    /** Hex SHA-256 of a file's bytes, streamed. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
