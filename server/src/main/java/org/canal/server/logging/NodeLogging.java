package org.canal.server.logging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The node's java.util.logging set-up (docs/logging.md). Canal logs through {@code System.Logger},
 * which the JDK sends to java.util.logging, as do Vert.x, Netty, Hazelcast and ice4j here; so one
 * place decides what every log line looks like and what it may contain.
 *
 * <ul>
 *   <li>Every handler of the root logger formats through a {@link MaskingLogFormatter}: without an
 *       operator's logging configuration, one console handler with Canal's one-line format; with one
 *       ({@code java.util.logging.config.file} or {@code .class}), the operator's handlers keep
 *       their formats, masked.</li>
 *   <li>Libraries' chatter is turned down unless the operator configured it: see {@link #QUIETED}.</li>
 * </ul>
 *
 * <p>Installing is idempotent and cumulative: each node started in the JVM adds its own addresses
 * to those kept readable.
 */
public final class NodeLogging {
    /** Loggers whose INFO (or WARNING) lines say nothing an operator acts on, with the level they get. */
    static final List<Quieted> QUIETED = List.of(
            // "Failed to find a usable hardware address ... using random bytes": Netty picks a random
            // machine id for its channel ids, which is all Canal needs; the warning names interfaces.
            new Quieted("io.netty.util.internal.MacAddressUtil", Level.SEVERE),
            // Banner, partition tables, member list and join chatter at INFO; its warnings stay.
            new Quieted("com.hazelcast", Level.WARNING),
            // ice4j and jitsi-utils log every candidate and pair at INFO (test peers, later ICE-TCP).
            new Quieted("org.ice4j", Level.WARNING),
            new Quieted("org.jitsi", Level.WARNING));

    private static final AddressMasker MASKER = new AddressMasker();
    /** java.util.logging holds loggers weakly: these keep the levels set here. */
    private static final List<Logger> HELD = new ArrayList<>();
    private static boolean installed;

    private NodeLogging() {}

    /** A logger name and the level it gets by default. */
    record Quieted(String logger, Level level) {}

    /**
     * Installs the set-up once per JVM and keeps {@code nodeAddresses} (the node's own bind and
     * advertised addresses, its cluster members) readable in log lines.
     */
    public static synchronized void install(Collection<String> nodeAddresses) {
        nodeAddresses.forEach(MASKER::keep);
        if (installed) {
            return;
        }
        installed = true;
        boolean operatorConfigured = System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null;
        Logger root = LogManager.getLogManager().getLogger("");
        if (!operatorConfigured) {
            for (Handler handler : root.getHandlers()) {
                root.removeHandler(handler);
            }
            ConsoleHandler console = new ConsoleHandler();
            console.setLevel(Level.ALL); // the loggers' levels decide
            root.addHandler(console);
        }
        for (Handler handler : root.getHandlers()) {
            handler.setFormatter(operatorConfigured
                    ? new MaskingLogFormatter(MASKER, handler.getFormatter())
                    : new MaskingLogFormatter(MASKER));
        }
        LogManager manager = LogManager.getLogManager();
        for (Quieted quieted : QUIETED) {
            // An operator's own level for the logger (logging.properties) wins.
            if (manager.getProperty(quieted.logger() + ".level") == null) {
                Logger logger = Logger.getLogger(quieted.logger());
                logger.setLevel(quieted.level());
                HELD.add(logger);
            }
        }
    }

    /** The masker every installed formatter uses (tests and other handlers format through it). */
    public static AddressMasker masker() {
        return MASKER;
    }
}
