package org.canal.media.engine;

/** What transports tell the control plane, from their loop's thread. */
interface EngineListener {
    void transportConnected(Transport transport);

    void transportClosed(Transport transport, String reason);
}
