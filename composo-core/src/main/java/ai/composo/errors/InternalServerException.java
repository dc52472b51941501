package ai.composo.errors;

import java.util.List;
import java.util.Map;

/** HTTP 500: internal or judge error. Retried. */
public class InternalServerException extends ComposoApiException {
    private static final long serialVersionUID = 1L;

    public InternalServerException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode, headers, body, detail);
    }
}
