package ai.composo.internal.http;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A complete HTTP response: status, headers (case-insensitive names) and the body as text. Not API. */
public final class Response {
    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final String body;

    public Response(int statusCode, Map<String, List<String>> headers, String body) {
        this(statusCode, copy(headers), body, true);
    }

    private Response(int statusCode, Map<String, List<String>> headers, String body, boolean ignored) {
        this.statusCode = statusCode;
        this.headers = headers;
        this.body = body == null ? "" : body;
    }

    /**
     * For {@link java.net.http.HttpHeaders#map()}, which is already immutable with case-insensitive names and
     * immutable value lists: no copy on the hot path.
     */
    static Response trusted(int statusCode, Map<String, List<String>> headers, String body) {
        return new Response(statusCode, headers, body, true);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, List.copyOf(v));
                }
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    public int statusCode() {
        return statusCode;
    }

    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String body() {
        return body;
    }

    @Override
    public String toString() {
        return "Response{" + statusCode + ", " + body.length() + " chars}";
    }
}
