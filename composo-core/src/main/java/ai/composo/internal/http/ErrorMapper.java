package ai.composo.internal.http;

import ai.composo.errors.AuthenticationException;
import ai.composo.errors.BadRequestException;
import ai.composo.errors.ComposoApiException;
import ai.composo.errors.InternalServerException;
import ai.composo.errors.MalformedException;
import ai.composo.errors.NotFoundException;
import ai.composo.errors.PermissionDeniedException;
import ai.composo.errors.RateLimitException;
import ai.composo.errors.RequestTimeoutException;
import ai.composo.errors.ServerException;
import ai.composo.errors.UnexpectedStatusException;
import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The one place that maps a non-2xx response to its exception type (wire-spec §11). Never throws. Not API. */
public final class ErrorMapper {
    private ErrorMapper() {}

    public static ComposoApiException toException(Response r, Instant now) {
        int s = r.statusCode();
        String detail = detail(r);
        var h = r.headers();
        var b = r.body();
        switch (s) {
            case 400: return new BadRequestException(s, h, b, detail);
            case 401: return new AuthenticationException(s, h, b, detail);
            case 403: return new PermissionDeniedException(s, h, b, detail);
            case 404: return new NotFoundException(s, h, b, detail);
            case 408: return new RequestTimeoutException(s, h, b, detail);
            case 422: return new MalformedException(s, h, b, detail);
            case 429: return new RateLimitException(s, h, b, detail, RetryAfter.parse(r, now).orElse(null));
            case 500: return new InternalServerException(s, h, b, detail);
            default:
                return s >= 500 && s <= 599 ? new ServerException(s, h, b, detail) : new UnexpectedStatusException(s, h, b, detail);
        }
    }

    /**
     * The FastAPI {@code detail}: a string as is, a list or object as compact JSON; for a body that is not
     * such JSON, the body itself, or {@code "HTTP <status>"} when it is blank.
     */
    public static String detail(Response r) {
        String body = r.body();
        if (body.isBlank()) {
            return "HTTP " + r.statusCode();
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            JsonNode detail = node == null ? null : node.get("detail");
            if (detail != null && !detail.isNull()) {
                return detail.isTextual() ? detail.asText() : detail.toString();
            }
            JsonNode error = node == null ? null : node.get("error");
            if (error != null && error.isObject() && error.path("message").isTextual()) {
                return error.path("message").asText(); // OpenAI-compatible endpoints (used by judges)
            }
        } catch (Exception e) {
            // not JSON: fall through to the raw body
        }
        return body.strip();
    }
}
