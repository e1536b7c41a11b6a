package org.canal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.canal.signaling.TurnCredentials;

/**
 * Where the secret shared with the TURN server comes from (coturn's {@code static-auth-secret},
 * docs/turn.md). The secret itself is never part of the options' text form, so printing options or
 * logging them cannot leak it.
 */
public sealed interface TurnSecretSource {
    /** The secret's bytes: the UTF-8 bytes of its text, surrounding whitespace removed. */
    byte[] secret();

    /** From the environment variable {@code CANAL_TURN_SECRET}. */
    final class FromEnvironment implements TurnSecretSource {
        private final String value;

        public FromEnvironment(String value) {
            this.value = value.strip();
            if (this.value.length() < TurnCredentials.MIN_SECRET_LENGTH) {
                throw new InvalidOptionException("CANAL_TURN_SECRET",
                        "must be at least " + TurnCredentials.MIN_SECRET_LENGTH + " characters");
            }
        }

        @Override
        public byte[] secret() {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "CANAL_TURN_SECRET (hidden)";
        }
    }

    /** From a file the operator provides ({@code turn.secretFile}), read when the node starts. */
    record FromFile(Path file) implements TurnSecretSource {
        public FromFile {
            if (!Files.isReadable(file)) {
                throw new InvalidOptionException("turn.secretFile", "cannot read " + file);
            }
        }

        @Override
        public byte[] secret() {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (text.length() < TurnCredentials.MIN_SECRET_LENGTH) {
                    throw new InvalidOptionException("turn.secretFile",
                            "must hold at least " + TurnCredentials.MIN_SECRET_LENGTH + " characters");
                }
                return text.getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
