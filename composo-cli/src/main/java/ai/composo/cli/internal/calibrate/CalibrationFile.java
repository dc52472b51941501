package ai.composo.cli.internal.calibrate;

import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.Problems;
import ai.composo.cli.internal.RunManifest;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code composo calibrate} decided, for {@code composo eval --calibration}: per criterion the threshold that
 * separated the labels best, for one judge and one label set. A run with another judge, or a criterion the labels
 * did not cover, is refused rather than judged with a threshold chosen for something else.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CalibrationFile(int version, String judge, String labelsSha256, String labelsFile, String createdAt, List<Entry> criteria) {
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String criterion, double threshold, int labels, double auc, double kappa, boolean enoughLabels) {}

    public CalibrationFile {
        criteria = List.copyOf(criteria);
    }

    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new InputException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static CalibrationFile read(Path file) {
        try {
            return JSON.readValue(java.nio.file.Files.readAllBytes(file), CalibrationFile.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(file + " is not a calibration file written by 'composo calibrate' (" + Problems.jsonMessage(e) + ")", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException("Calibration file not found: " + file, e);
        } catch (IOException e) {
            throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<Entry> entry(String criterion) {
        return criteria.stream().filter(e -> e.criterion().equals(criterion)).findFirst();
    }

    /**
     * The thresholds for a run's criteria, or an {@link IllegalArgumentException} saying why this calibration does
     * not fit the run (another judge; a criterion it has no threshold for).
     */
    public Map<String, Double> thresholdsFor(RunManifest.Judge runJudge, List<String> runCriteria, Path file) {
        String source = "--calibration " + file;
        requireJudge(runJudge, source);
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (String c : runCriteria) {
            out.put(c, threshold(c, source));
        }
        return out;
    }

    /**
     * Refuses a calibration made for another judge than the run's; {@code source} names the file as the user gave it
     * (an option or a setting).
     */
    public void requireJudge(RunManifest.Judge runJudge, String source) {
        if (!judge.equals(runJudge.describe())) {
            throw new IllegalArgumentException(source + " was made for the judge '" + judge + "', this run is judged by '"
                    + runJudge.describe() + "': calibrate again with this judge");
        }
    }

    /** The criterion's threshold, or an {@link IllegalArgumentException} when this calibration has none for it. */
    public double threshold(String criterion, String source) {
        return entry(criterion).orElseThrow(() -> new IllegalArgumentException(source + " has no threshold for the criterion \""
                + criterion + "\": calibrate it, or leave it out of this run")).threshold();
    }
}
