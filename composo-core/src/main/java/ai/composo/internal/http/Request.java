package ai.composo.internal.http;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the transport sees it: method, absolute URI, headers (in insertion order) and an
 * optional UTF-8 body. Immutable, so the retry layer can replay it. Not API.
 */
public final class Request {
    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final String body;

    private Request(String method, URI uri, Map<String, String> headers, String body) {
        this(method, uri, new LinkedHashMap<>(headers), body, true);
    }

    /** Takes {@code ownHeaders} as it is: only for a map built here and never shared (no copy per request). */
    private Request(String method, URI uri, LinkedHashMap<String, String> ownHeaders, String body, boolean owned) {
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.headers = Collections.unmodifiableMap(ownHeaders);
        this.body = body;
    }

    public static Request get(URI uri) {
        return new Request("GET", uri, Map.of(), null);
    }

    /** A POST with a JSON body; sets {@code Content-Type: application/json}. */
    public static Request postJson(URI uri, String json) {
        LinkedHashMap<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        return new Request("POST", uri, h, Objects.requireNonNull(json, "body"), true);
    }

    public static Request of(String method, URI uri, Map<String, String> headers, String body) {
        return new Request(method, uri, headers == null ? Map.of() : headers, body);
    }

    /** A copy with one more header (replacing one of the same name, compared case-insensitively). */
    public Request withHeader(String name, String value) {
        LinkedHashMap<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(name)) {
                h.put(k, v);
            }
        });
        h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new Request(method, uri, h, body, true);
    }

    /** A copy with these headers added (each replacing one of the same name, compared case-insensitively). */
    public Request withHeaders(Map<String, String> extra) {
        LinkedHashMap<String, String> h = new LinkedHashMap<>(headers.size() + extra.size() + 2);
        headers.forEach((k, v) -> {
            for (String name : extra.keySet()) {
                if (name.equalsIgnoreCase(k)) {
                    return;
                }
            }
            h.put(k, v);
        });
        extra.forEach((k, v) -> h.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, "value")));
        return new Request(method, uri, h, body, true);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body, or null for none. */
    public String body() {
        return body;
    }

    /** Method and URI only: headers may hold credentials and are never printed. */
    @Override
    public String toString() {
        return method + " " + uri;
    }
}
