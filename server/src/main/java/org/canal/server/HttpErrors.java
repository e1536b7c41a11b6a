package org.canal.server;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers of the node's small HTTP APIs: never cached (they carry tokens and links). */
final class HttpErrors {
    private static final System.Logger LOG = System.getLogger(HttpErrors.class.getName());

    private HttpErrors() {}

    /**
     * The failure handler of these APIs: a JSON error for the status a handler failed with (413 from a
     * body over the limit, 500 otherwise). Only the failure's class is logged: messages may quote input.
     */
    static void failure(RoutingContext context) {
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        if (status >= 500) {
            LOG.log(System.Logger.Level.WARNING, "{0} {1} failed: {2}", context.request().method(),
                    context.currentRoute() == null ? "?" : context.currentRoute().getPath(),
                    context.failure() == null ? "-" : context.failure().getClass().getName());
        }
        if (context.response().ended()) {
            return;
        }
        String code = switch (status) {
            case 413 -> "TOO_LARGE";
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            default -> status >= 500 ? "INTERNAL" : "HTTP_" + status;
        };
        error(context, status, code, status == 413 ? "the body is too large" : "the request failed");
    }

    static void error(RoutingContext context, int status, String code, String message) {
        context.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
        context.json(new JsonObject().put("error", code).put("message", message));
    }

    static void json(RoutingContext context, int status, JsonObject body) {
        context.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
        context.json(body);
    }

    /** The request's JSON object body, or null after answering 400. */
    static JsonObject body(RoutingContext context) {
        try {
            JsonObject body = context.body().asJsonObject();
            if (body != null) {
                return body;
            }
        } catch (RuntimeException notJson) {
            // Answered below.
        }
        error(context, 400, "BAD_REQUEST", "the body must be a JSON object");
        return null;
    }
}
