package ai.composo.internal.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the wait a server asks for: {@code Retry-After-Ms} (milliseconds) first, then {@code Retry-After}
 * as delta-seconds or an HTTP-date (relative to {@code now}). A date in the past gives zero; an
 * unparseable or negative value gives empty. Not API.
 */
public final class RetryAfter {
    private RetryAfter() {}

    public static Optional<Duration> parse(Response response, Instant now) {
        return parse(response.headers(), now);
    }

    /** @param headers response headers with case-insensitive names */
    public static Optional<Duration> parse(Map<String, List<String>> headers, Instant now) {
        Optional<Duration> ms = first(headers, "Retry-After-Ms").flatMap(v -> number(v, 1_000_000L));
        if (ms.isPresent()) {
            return ms;
        }
        return first(headers, "Retry-After").flatMap(v -> parseRetryAfter(v, now));
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        Optional<Duration> seconds = number(v, 1_000_000_000L);
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> number(String value, long nanosPerUnit) {
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isNaN(d) || d < 0 || Double.isInfinite(d) || d > 365L * 24 * 3600 * 1000) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) (d * nanosPerUnit)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
