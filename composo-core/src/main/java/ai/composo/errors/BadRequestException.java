package ai.composo.errors;

import java.util.List;
import java.util.Map;

/** HTTP 400: the request was understood but refused (for example a trace without LLM interactions). Not retried. */
public class BadRequestException extends ComposoApiException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode, headers, body, detail);
    }
}
