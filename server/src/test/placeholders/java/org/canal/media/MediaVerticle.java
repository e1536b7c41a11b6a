package org.canal.media;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Stand-in until the media engine lands: deploys and does nothing (no command consumer), so a node
 * built before the merge serves its page but no calls.
 */
public class MediaVerticle extends VerticleBase {
    public MediaVerticle(String nodeId, MediaOptions options) {}

    @Override
    public Future<?> start() {
        return Future.succeededFuture();
    }
}
