package ai.composo.server.internal;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the route handlers share about one HTTP exchange: its request id and key id, reading the body, answering. */
public final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger("ai.composo.server.ComposoServer");
    public static final String JSON = "application/json";
    public static final String REQUEST_ID = "composo.request-id";
    public static final String KEY_ID = "composo.key-id";

    /** Bodies up to this size are read and dropped before a 413, so that the client can read the answer. */
    private static final long MAX_DRAINED_BYTES = 16L << 20;

    private Exchange() {}

    /** The id of the API key that authenticated the request (set by {@link ApiKeyGuard}). */
    public static String keyId(Context ctx) {
        return ctx.attribute(KEY_ID);
    }

    public static String requestId(Context ctx) {
        String rid = ctx.attribute(REQUEST_ID);
        return rid == null ? "-" : rid;
    }

    public static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(JSON).result(Json.write(body));
    }

    public static void error(Context ctx, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).contentType(JSON).result(e.body());
    }

    /** A fault of the server, logged with its cause; the client is told only the request id. */
    public static ApiException serverFault(Context ctx, Throwable e) {
        String rid = requestId(ctx);
        LOG.error("request_id={} unexpected error on {} {}", rid, ctx.method(), ctx.path(), e);
        return new ApiException(500, "Internal server error (request id " + rid + ")");
    }

    public static ApiException tooLarge(long maxBodyBytes) {
        return new ApiException(413, "Request body too large: the limit is " + maxBodyBytes + " bytes");
    }

    /** The body as one JSON value: strict UTF-8, at most {@code maxBodyBytes}; 400, 413 or 422 otherwise. */
    public static JsonNode readBody(Context ctx, long maxBodyBytes) {
        byte[] bytes;
        try {
            bytes = ctx.bodyAsBytes();
        } catch (Exception e) { // the HTTP layer's I/O errors arrive unchecked, whatever their declared type
            LOG.debug("request_id={} unreadable body: {}", requestId(ctx), e.toString());
            throw new ApiException(400, "The request body could not be read: its chunked encoding is broken or it ended early");
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        return BodyParser.parse(bytes);
    }

    /**
     * Reads and discards a refused body. Answering while the client is still sending and then closing the socket with
     * unread data makes the kernel reset the connection, and the client sees no response at all instead of the 413.
     */
    static void drainBody(Context ctx, long length) {
        ctx.header("Connection", "close");
        if (length > MAX_DRAINED_BYTES) {
            return; // too much to read for nothing: the client may see a reset instead of the 413
        }
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            int n;
            while (read < length && (n = in.read(buf)) > 0) {
                read += n;
            }
        } catch (java.io.IOException e) {
            // the client went away: nothing to answer
        }
    }
}
