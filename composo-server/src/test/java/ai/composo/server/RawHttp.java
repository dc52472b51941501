package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** HTTP/1.1 over a plain socket: the exact bytes a hostile client sends, and what comes back, unparsed by any client library. */
final class RawHttp {
    private RawHttp() {}

    /** Words that give away the libraries behind the server, which no answer may contain. */
    static final Pattern LIBRARY_WORDS = Pattern.compile("(?i)jackson|fasterxml|jetty|javalin|eclipse|kotlin|java\\.|javax|jakarta"
            + "|exception|StreamReadConstraints|DeserializationFeature|JsonNode|<html|<body|stack ?trace|\\tat ");

    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            return Json.parse(body);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    static Reply send(int port, String request) {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes the bytes, then reads until the server closes the connection (requests should say Connection: close). */
    static Reply send(int port, byte[] request) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading everything; read what it said
            }
            return parse(readAll(s.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-formed request with Host and Connection: close; {@code extraHeaders} are whole header lines. */
    static Reply request(int port, String method, String target, String body, String... extraHeaders) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nConnection: close\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            sb.append("Content-Type: application/json\r\nContent-Length: ").append(b.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + b.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(b, 0, all, head.length, b.length);
        return send(port, all);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        try {
            while ((n = in.read(b)) > 0) {
                buf.write(b, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset after the answer: keep what arrived
        }
        return buf.toByteArray();
    }

    private static Reply parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a complete HTTP response, got: %s", text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(Integer.parseInt(statusLine[1]), headers, body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    /**
     * The documented error shape (wire-spec §11): a 4xx, JSON, {@code {"detail": string}} or a list of
     * {@code {type, loc, msg}}, and nothing in it that names a library. HEAD answers carry no body; their type is checked.
     */
    static void assertClientError(Reply r, String what) {
        assertThat(r.status()).as("status of %s: %s", what, r).isBetween(400, 499);
        assertThat(r.header("content-type")).as("content type of %s: %s", what, r).startsWith("application/json");
        if (r.body().isEmpty() && what.startsWith("HEAD")) {
            return;
        }
        assertErrorBody(r.body(), what);
    }

    static void assertErrorBody(String body, String what) {
        assertThat(LIBRARY_WORDS.matcher(body).find()).as("library words in %s: %s", what, body).isFalse();
        JsonNode json = Json.parse(body);
        assertThat(json.isObject()).as(what).isTrue();
        JsonNode detail = json.get("detail");
        assertThat(detail).as("detail of %s: %s", what, body).isNotNull();
        if (detail.isArray()) {
            assertThat(detail).as(what).isNotEmpty();
            for (JsonNode d : detail) {
                assertThat(d.get("type").isTextual() && d.get("loc").isArray() && d.get("msg").isTextual()).as("%s: %s", what, d).isTrue();
            }
        } else {
            assertThat(detail.isTextual() && !detail.asText().isBlank()).as("detail of %s: %s", what, body).isTrue();
        }
    }
}
