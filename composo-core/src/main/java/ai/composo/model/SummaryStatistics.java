package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/** Median, min, max and population standard deviation of one agent name's non-null scores. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SummaryStatistics(
        @JsonProperty("median") Double median,
        @JsonProperty("min") Double min,
        @JsonProperty("max") Double max,
        @JsonProperty("std") Double std) {

    /** Statistics over the non-null values; all four null when there is none. */
    public static SummaryStatistics of(List<Double> scores) {
        double[] v = scores.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return new SummaryStatistics(null, null, null, null);
        }
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= n;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        return new SummaryStatistics(median, v[0], v[n - 1], Math.sqrt(var / n));
    }
}
