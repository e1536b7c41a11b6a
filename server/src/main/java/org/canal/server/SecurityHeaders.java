package org.canal.server;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts the node's security headers on every response, before any other handler runs. The page loads
 * only its own scripts and styles (no inline code), talks only to its own origin over WSS, and may use
 * the camera, microphone and screen capture itself but cannot be framed.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; media-src 'self' blob:; connect-src 'self' wss:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'";
    public static final String PERMISSIONS_POLICY = "camera=(self), microphone=(self), display-capture=(self)";
    /** One year, as browsers' preload lists expect. */
    static final String HSTS_PRODUCTION = "max-age=31536000";
    /**
     * Dev mode runs on localhost, where a lasting HSTS entry would force HTTPS on every other local
     * server a developer runs on that host name: the header is sent, but tells browsers to keep nothing.
     */
    static final String HSTS_DEV = "max-age=0";

    private final String strictTransportSecurity;

    public SecurityHeaders(boolean devMode) {
        this.strictTransportSecurity = devMode ? HSTS_DEV : HSTS_PRODUCTION;
    }

    @Override
    public void handle(RoutingContext context) {
        MultiMap headers = context.response().headers();
        headers.set("Strict-Transport-Security", strictTransportSecurity);
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Permissions-Policy", PERMISSIONS_POLICY);
        context.next();
    }
}
