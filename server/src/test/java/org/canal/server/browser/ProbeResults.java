package org.canal.server.browser;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only routes on the node: the probe page under {@code /it/} (classpath {@code itroot/}) and
 * {@code POST /it/results/:browser}, where a browser without a driver reports what it found.
 */
public final class ProbeResults {
    private final Map<String, JsonObject> results = new ConcurrentHashMap<>();

    public void mount(Router router) {
        router.post("/it/results/:browser").handler(BodyHandler.create().setBodyLimit(256 * 1024))
                .handler(context -> {
                    results.put(context.pathParam("browser"), context.body().asJsonObject());
                    context.response().setStatusCode(204).end();
                });
        router.route("/it/*").handler(StaticHandler.create("itroot"));
    }

    public Optional<JsonObject> of(String browser) {
        return Optional.ofNullable(results.get(browser));
    }
}
