package org.canal.signaling;

import io.vertx.core.Future;
import java.nio.file.Path;
import org.canal.signaling.impl.FileAuditLog;
import org.canal.signaling.impl.LoggerAuditLog;

/**
 * Where moderation actions and joins refused by a channel's policy are recorded (docs/moderation.md).
 * {@link #write} never blocks and may be called from any thread, event loops included.
 */
public interface AuditLog {

    /** Records {@code record}; returns at once (the write happens elsewhere, in order). */
    void write(AuditRecord record);

    /** Writes what is queued and releases the file. */
    Future<Void> close();

    /**
     * Appends to {@code file}, one JSON line per record, on a single writer thread of its own; the file
     * is created if absent and opened in append mode, so that several runs add to it.
     */
    static AuditLog toFile(Path file) {
        return new FileAuditLog(file);
    }

    /** Logs each record's JSON line at INFO to the JDK logger {@code org.canal.audit}. */
    static AuditLog toLogger() {
        return new LoggerAuditLog();
    }

    /** The audit log {@code options} ask for: {@link SignalingOptions#auditFile()}, else the logger. */
    static AuditLog forOptions(SignalingOptions options) {
        return options.auditFile() != null ? toFile(options.auditFile()) : toLogger();
    }
}
