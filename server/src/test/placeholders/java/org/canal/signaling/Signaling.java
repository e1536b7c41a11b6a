package org.canal.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.canal.media.api.MediaControl;

/** Stand-in until signaling lands: mounts nothing. */
public final class Signaling {
    private Signaling() {}

    public static Signaling create(Vertx vertx, SignalingOptions options, MediaControl media) {
        return new Signaling();
    }

    public void mount(Router router) {}

    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
