package ai.composo.internal.http;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * Why a network call failed, in the user's terms: the JDK's exceptions often carry no message, and their class
 * names ({@code ConnectException}) mean nothing to someone whose server is simply not running. Not API.
 */
public final class IoReasons {
    private IoReasons() {}

    public static String of(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? null : e.getMessage();
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return "connection refused" + (m == null || m.equalsIgnoreCase("connection refused") ? "" : " (" + m + ")")
                    + ": is the server running and the address right?";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host" + (m == null ? "" : " " + m);
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "the connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof SSLException) {
            return "the TLS handshake failed" + (m == null ? "" : ": " + m);
        }
        if (e instanceof EOFException || e instanceof ClosedChannelException) {
            return "the server closed the connection before answering";
        }
        if (m != null) {
            return m;
        }
        return e.getCause() != null && e.getCause() != e ? of(e.getCause()) : "the connection failed";
    }
}
