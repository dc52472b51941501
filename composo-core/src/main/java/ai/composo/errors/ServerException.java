package ai.composo.errors;

import java.util.List;
import java.util.Map;

/** HTTP 502, 503, 504, 524 and other 5xx except 500: a gateway or overload problem. 502, 503, 504 and 524 are retried. */
public class ServerException extends ComposoApiException {
    private static final long serialVersionUID = 1L;

    public ServerException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode, headers, body, detail);
    }
}
