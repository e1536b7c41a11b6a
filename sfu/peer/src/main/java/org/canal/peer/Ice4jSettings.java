package org.canal.peer;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * JVM-wide ice4j settings every peer needs, applied once before the first ice4j class loads its
 * configuration. A property already set (on the command line, by a test) is left alone.
 */
final class Ice4jSettings {
    /** Otherwise creating an Agent asks the AWS metadata service for a public address. */
    static final String AWS_MAPPING = "ice4j.harvest.mapping.aws.enabled";
    /** ice4j logs candidate addresses; Canal never logs a peer's address (privacy rule). */
    static final String REDACT = "ice4j.redact-remote-addresses";

    /**
     * ice4j (java.util.logging through jitsi-utils) logs every candidate, pair and state change at
     * INFO. JUL holds its loggers weakly: keep these so the levels stick.
     */
    private static final Logger ICE4J_LOG = Logger.getLogger("org.ice4j");
    private static final Logger JITSI_LOG = Logger.getLogger("org.jitsi");
    /** jicoco-config logs which configuration it loaded under its simple class name. */
    private static final Logger JITSI_CONFIG_LOG = Logger.getLogger("JitsiConfig");

    static {
        setIfAbsent(AWS_MAPPING, "false");
        setIfAbsent(REDACT, "true");
        ICE4J_LOG.setLevel(Level.WARNING);
        JITSI_LOG.setLevel(Level.WARNING);
        JITSI_CONFIG_LOG.setLevel(Level.WARNING);
    }

    private Ice4jSettings() {
    }

    /** Loads this class, which applies the settings once. */
    static void apply() {
        // the static initializer did the work
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
