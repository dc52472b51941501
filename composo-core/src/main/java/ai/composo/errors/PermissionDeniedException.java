package ai.composo.errors;

import java.util.List;
import java.util.Map;

/** HTTP 403: the API key may not do this. Not retried. */
public class PermissionDeniedException extends ComposoApiException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode, headers, body, detail);
    }
}
