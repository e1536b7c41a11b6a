package org.canal.media.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codecs for the command API. On one node the records pass by reference (they are
 * immutable); cluster codecs that encode them come with clustering.
 */
public final class MediaCodecs {
    /** The codec name commands, replies and events are sent with. */
    public static final String LOCAL = "canal-media-local";

    private MediaCodecs() {}

    /** Registers the local codec once per Vert.x instance (idempotent). */
    public static void registerLocal(Vertx vertx) {
        try {
            vertx.eventBus().registerCodec(new LocalCodec());
        } catch (IllegalStateException alreadyRegistered) {
            // registered by another verticle of this node
        }
    }

    private static final class LocalCodec implements MessageCodec<Object, Object> {
        @Override
        public void encodeToWire(Buffer buffer, Object o) {
            throw new UnsupportedOperationException("media commands are local to a node until cluster codecs exist");
        }

        @Override
        public Object decodeFromWire(int pos, Buffer buffer) {
            throw new UnsupportedOperationException("media commands are local to a node until cluster codecs exist");
        }

        @Override
        public Object transform(Object o) {
            return o;
        }

        @Override
        public String name() {
            return LOCAL;
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}
