package org.canal.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record: {@code 2025-05-01T09:30:00.123Z INFO org.canal.server.CanalNode: message},
 * then the stack trace of the record's exception, if it has one. The whole text, message and
 * exception alike, goes through an {@link AddressMasker}: a third-party library's message or an
 * exception's text ("Connection reset by /192.0.2.7:51234") cannot carry an end user's address out.
 */
public final class MaskingLogFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    private final AddressMasker masker;
    /** Formats the record before masking; null: Canal's one-line format. */
    private final Formatter layout;

    /** Canal's one-line format, masked. */
    public MaskingLogFormatter(AddressMasker masker) {
        this(masker, null);
    }

    /** {@code layout}'s text (an operator's formatter from a logging.properties), masked. */
    public MaskingLogFormatter(AddressMasker masker, Formatter layout) {
        this.masker = masker;
        this.layout = layout;
    }

    public AddressMasker masker() {
        return masker;
    }

    @Override
    public String format(LogRecord record) {
        return masker.mask(layout != null ? layout.format(record) : oneLine(record));
    }

    @Override
    public String getHead(java.util.logging.Handler h) {
        return layout != null ? masker.mask(layout.getHead(h)) : "";
    }

    @Override
    public String getTail(java.util.logging.Handler h) {
        return layout != null ? masker.mask(layout.getTail(h)) : "";
    }

    private String oneLine(LogRecord record) {
        StringBuilder line = new StringBuilder(128)
                .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
                .append(' ').append(record.getLevel().getName())
                .append(' ').append(record.getLoggerName())
                .append(": ");
        // Messages are one line; a multi-line one (a banner) is indented so the next record stays findable.
        line.append(formatMessage(record).replace("\n", "\n    "));
        line.append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.toString();
    }
}
