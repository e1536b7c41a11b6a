package org.canal.media.api;

/** Event-bus addresses of a node's media engine. */
public final class MediaAddresses {
    private MediaAddresses() {}

    /** Where a node's media engine takes {@link MediaCommand}s. */
    public static String commands(String nodeId) {
        return "canal.media." + nodeId + ".commands";
    }

    /** Where a node's media engine publishes {@link MediaEvent}s. */
    public static String events(String nodeId) {
        return "canal.media." + nodeId + ".events";
    }
}
