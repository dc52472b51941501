package ai.composo.server.internal;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. The server authorises by the role of the route the router matched, never by the raw
 * request path, so path spellings the router folds together (a trailing slash, a query) cannot skip the check.
 * A matched route without {@link #PUBLIC} needs an API key.
 */
public enum Access implements RouteRole {
    /** Anyone: the healthcheck, the viewer's static files, {@code /metrics} when configured without a key. */
    PUBLIC,
    /** A valid {@code API-Key} header. */
    API_KEY
}
