package org.canal.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Every record the root logger passes on, kept in memory as text: through the node's installed
 * formatter ({@link #masked()}), and as the bare message and stack trace an unmasked handler would
 * write ({@link #raw()}), which shows what the masking had to remove.
 */
final class LogCapture extends Handler {
    private final Formatter installed;
    private final StringBuffer masked = new StringBuffer();
    private final StringBuffer raw = new StringBuffer();
    private final Formatter bare = new Formatter() {
        @Override
        public String format(LogRecord record) {
            StringWriter text = new StringWriter().append(formatMessage(record)).append('\n');
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            return text.toString();
        }
    };
    private volatile int records;

    LogCapture(Formatter installed) {
        this.installed = installed;
        setLevel(Level.ALL);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        masked.append(installed.format(record));
        raw.append(bare.format(record));
        records++;
    }

    String masked() {
        return masked.toString();
    }

    String raw() {
        return raw.toString();
    }

    int records() {
        return records;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
