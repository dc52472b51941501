package ai.composo.errors;

import java.util.List;
import java.util.Map;

/** Any other non-2xx status (for example 405 or 409). Only 409 is retried. */
public class UnexpectedStatusException extends ComposoApiException {
    private static final long serialVersionUID = 1L;

    public UnexpectedStatusException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode, headers, body, detail);
    }
}
