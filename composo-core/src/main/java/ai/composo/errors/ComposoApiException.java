package ai.composo.errors;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The server answered with a non-2xx status. Carries the status code, the response headers, the raw
 * body and the server's {@code detail} message (FastAPI style, wire-spec §11). The message is
 * {@code "<status>: <detail>"}.
 */
public class ComposoApiException extends ComposoException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_DETAIL_IN_MESSAGE = 500;

    private final int statusCode;
    private final transient Map<String, List<String>> headers;
    private final String body;
    private final String detail;

    public ComposoApiException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode + ": " + abbreviate(detail));
        this.statusCode = statusCode;
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null) {
                    copy.put(k, List.copyOf(v));
                }
            });
        }
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body == null ? "" : body;
        this.detail = detail == null ? "" : detail;
    }

    public int statusCode() {
        return statusCode;
    }

    /** Response headers; names are case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a response header, case-insensitive. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The raw response body (may be HTML from a proxy, or empty). */
    public String body() {
        return body;
    }

    /**
     * The server's {@code detail}: the string itself, the JSON text of a validation-error list, or, for a
     * body that is not FastAPI JSON, the body (or {@code "HTTP <status>"} when it is empty).
     */
    public String detail() {
        return detail;
    }

    private static String abbreviate(String detail) {
        if (detail == null) {
            return "";
        }
        return detail.length() <= MAX_DETAIL_IN_MESSAGE ? detail : detail.substring(0, MAX_DETAIL_IN_MESSAGE) + "…";
    }
}
