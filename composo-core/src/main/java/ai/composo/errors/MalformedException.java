package ai.composo.errors;

import java.util.List;
import java.util.Map;

/** HTTP 422: the request failed validation; {@link #detail()} holds the validation errors. Not retried. */
public class MalformedException extends ComposoApiException {
    private static final long serialVersionUID = 1L;

    public MalformedException(int statusCode, Map<String, List<String>> headers, String body, String detail) {
        super(statusCode, headers, body, detail);
    }
}
