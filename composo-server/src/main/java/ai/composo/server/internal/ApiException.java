package ai.composo.server.internal;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** An error answered to the client as {@code {"detail": ...}} with a status (and optionally Retry-After). */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient JsonNode detail;
    private final Long retryAfterSeconds;

    public ApiException(int status, String detail) {
        this(status, TextNode.valueOf(detail), null);
    }

    public ApiException(int status, JsonNode detail, Long retryAfterSeconds) {
        super(status + ": " + (detail.isTextual() ? detail.asText() : detail.toString()), null, false, false);
        this.status = status;
        this.detail = detail;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException retryLater(int status, String detail, long retryAfterSeconds) {
        return new ApiException(status, TextNode.valueOf(detail), Math.max(1, retryAfterSeconds));
    }

    public int status() {
        return status;
    }

    public JsonNode detail() {
        return detail;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String body() {
        return Json.write(Json.object().set("detail", detail));
    }
}
