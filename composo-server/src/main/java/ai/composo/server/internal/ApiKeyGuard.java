package ai.composo.server.internal;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs once the router has matched a route: a route not marked {@link Access#PUBLIC} needs a valid {@code API-Key}
 * (401 otherwise); during shutdown such routes answer 503; a declared body over the limit is refused (413) before it
 * is read into memory.
 */
public final class ApiKeyGuard {
    private final ApiKeys keys;
    private final long maxBodyBytes;
    private final BooleanSupplier accepting;

    public ApiKeyGuard(ApiKeys keys, long maxBodyBytes, BooleanSupplier accepting) {
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
        this.accepting = accepting;
    }

    public void authorize(Context ctx) {
        if (ctx.routeRoles().contains(Access.PUBLIC)) {
            return;
        }
        if (!accepting.getAsBoolean()) {
            throw ApiException.retryLater(503, "The server is shutting down; retry later", 5);
        }
        String key = ctx.header("API-Key");
        if (key == null || key.isBlank()) {
            throw new ApiException(401, "Missing API key: send it in the API-Key header");
        }
        Optional<String> keyId = keys.authenticate(key.strip());
        if (keyId.isEmpty()) {
            throw new ApiException(401, "Invalid API key");
        }
        ctx.attribute(Exchange.KEY_ID, keyId.get());
        long length = ctx.req().getContentLengthLong();
        if (length > maxBodyBytes) {
            Exchange.drainBody(ctx, length);
            throw Exchange.tooLarge(maxBodyBytes);
        }
    }
}
