package ai.composo.server.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests that HTTP parsing refuses before any route sees them (a malformed request line or header, a
 * bad Content-Length, a path too long or badly encoded, headers too large) in the server's JSON error shape instead
 * of the HTML pages of the underlying HTTP server, always with a 4xx status, and reports each one to the access log
 * and the metrics.
 */
public final class JsonErrorHandler extends ErrorHandler {
    /** Told of every refused request: method and path when they could be read (else null), and the status sent. */
    @FunctionalInterface
    public interface Listener {
        void refused(String method, String path, int status);
    }

    private final Listener listener;

    public JsonErrorHandler(Listener listener) {
        this.listener = listener;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = clientStatus(response.getStatus());
        response.setStatus(status);
        String path = null;
        try {
            path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        } catch (RuntimeException e) {
            // an undecodable path: report none
        }
        listener.refused(request.getMethod(), path, status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        boolean head = "HEAD".equals(request.getMethod());
        ByteBuffer body = ByteBuffer.wrap(body(status));
        headers.put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.remaining()));
        response.write(true, head ? ByteBuffer.allocate(0) : body, callback);
        return true;
    }

    /** Used when the request could not be parsed far enough to make a request object. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        int s = clientStatus(status);
        listener.refused(null, null, s);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(s));
    }

    /** Anything the HTTP layer refuses is the client's doing: a 5xx from there (505 for an unknown protocol) becomes 400. */
    static int clientStatus(int status) {
        return status >= 400 && status < 500 ? status : 400;
    }

    static String detail(int status) {
        return switch (status) {
            case 408 -> "Request timeout: the request was not received in time";
            case 413 -> "Request too large";
            case 414 -> "Request URI too long";
            case 431 -> "Request header fields too large";
            case 426 -> "Upgrade required: this server speaks HTTP/1.1";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> "Bad request: the request is not valid HTTP/1.1 (check the request line, the headers, Host, "
                    + "Content-Length and Transfer-Encoding, and the encoding of the path)";
        };
    }

    private static byte[] body(int status) {
        return new ApiException(status, detail(status)).body().getBytes(StandardCharsets.UTF_8);
    }
}
