package ai.composo.errors;

import java.util.List;
import java.util.Map;

/** HTTP 401: the API key is missing or not accepted. Not retried. */
public class AuthenticationException extends ComposoApiException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode, headers, body, detail);
    }
}
