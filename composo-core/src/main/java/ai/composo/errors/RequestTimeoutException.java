package ai.composo.errors;

import java.util.List;
import java.util.Map;

/** HTTP 408: the server timed out waiting for the request. Retried. */
public class RequestTimeoutException extends ComposoApiException {
    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode, headers, body, detail);
    }
}
