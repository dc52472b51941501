package ai.composo.errors;

import java.util.List;
import java.util.Map;

/** HTTP 404: unknown path, task or trace. {@code GET /api/v1/tasks/{id}} exists only on our server, so the hosted platform answers it with this exception. Not retried. */
public class NotFoundException extends ComposoApiException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode, headers, body, detail);
    }
}
