package org.canal.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class MaskingLogFormatterTest {
    private final AddressMasker masker = new AddressMasker();

    private static LogRecord record(Level level, String message, Object... parameters) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("io.vertx.core.net.impl.ConnectionBase");
        record.setInstant(Instant.parse("2025-05-01T09:30:00.123Z"));
        record.setParameters(parameters);
        return record;
    }

    @Test
    void writesOneLineWithTimeLevelLoggerAndTheMaskedMessage() {
        masker.keep("127.0.0.1");
        String line = new MaskingLogFormatter(masker).format(record(Level.FINE,
                "{0} accepted from {1} on {2}", "4.2.9.Final", "/203.0.113.7:50123", "127.0.0.1:8443"));
        assertThat(line).isEqualTo("2025-05-01T09:30:00.123Z FINE io.vertx.core.net.impl.ConnectionBase: "
                + "4.2.9.Final accepted from /<ip>:<port> on 127.0.0.1:8443" + System.lineSeparator());
    }

    @Test
    void masksTheExceptionsMessageCauseAndStackTrace() {
        LogRecord record = record(Level.WARNING, "connection failed");
        record.setThrown(new IllegalStateException("cannot reach 198.51.100.4",
                new ConnectException("Connection refused: /[2001:db8::9]:443")));
        String text = new MaskingLogFormatter(masker).format(record);
        assertThat(text).startsWith("2025-05-01T09:30:00.123Z WARNING io.vertx.core.net.impl.ConnectionBase: connection failed")
                .contains("java.lang.IllegalStateException: cannot reach <ip>",
                        "Caused by: java.net.ConnectException: Connection refused: /[<ip>]:<port>",
                        "at org.canal.server.logging.MaskingLogFormatterTest")
                .doesNotContain("198.51.100.4", "2001:db8");
    }

    @Test
    void indentsTheContinuationOfAMultiLineMessage() {
        String text = new MaskingLogFormatter(masker).format(record(Level.INFO, "members:\n  10.1.2.3:5701\n  this"));
        assertThat(text).isEqualTo("2025-05-01T09:30:00.123Z INFO io.vertx.core.net.impl.ConnectionBase: members:\n"
                + "      <ip>:<port>\n      this" + System.lineSeparator());
    }

    @Test
    void masksAnOperatorsOwnLayout() {
        LogRecord record = record(Level.INFO, "peer {0}", "192.0.2.200");
        String text = new MaskingLogFormatter(masker, new SimpleFormatter()).format(record);
        assertThat(text).contains("peer <ip>").doesNotContain("192.0.2.200");
    }
}
