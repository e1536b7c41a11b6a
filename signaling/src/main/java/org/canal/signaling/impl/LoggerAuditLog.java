package org.canal.signaling.impl;

import io.vertx.core.Future;
import org.canal.signaling.AuditLog;
import org.canal.signaling.AuditRecord;

/**
 * The audit log when no file is configured: each record's JSON line at INFO on the JDK logger
 * {@code org.canal.audit}, so that an operator can route it with the logging configuration.
 */
public final class LoggerAuditLog implements AuditLog {
    /** The logger's name, documented in docs/moderation.md. */
    public static final String LOGGER = "org.canal.audit";
    private static final System.Logger AUDIT = System.getLogger(LOGGER);

    @Override
    public void write(AuditRecord record) {
        AUDIT.log(System.Logger.Level.INFO, record.toJsonLine());
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
