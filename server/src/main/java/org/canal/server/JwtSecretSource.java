package org.canal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the HS256 secret of join tokens comes from. The secret itself is never part of the options'
 * text form, so printing options or logging them cannot leak it.
 */
public sealed interface JwtSecretSource {
    /** HS256 keys shorter than the hash (RFC 7518 section 3.2) are refused. */
    int MIN_LENGTH = 32;

    /** The secret's bytes: the UTF-8 bytes of its text, surrounding whitespace removed. */
    byte[] secret(Path canalHome);

    /** From the environment variable {@code CANAL_JWT_SECRET}. */
    final class FromEnvironment implements JwtSecretSource {
        private final String value;

        public FromEnvironment(String value) {
            this.value = value.strip();
            if (this.value.length() < MIN_LENGTH) {
                throw new InvalidOptionException("CANAL_JWT_SECRET", "must be at least " + MIN_LENGTH + " characters");
            }
        }

        @Override
        public byte[] secret(Path canalHome) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "CANAL_JWT_SECRET (hidden)";
        }
    }

    /** From a file the operator provides ({@code jwt.secretFile}). */
    record FromFile(Path file) implements JwtSecretSource {
        public FromFile {
            if (!Files.isReadable(file)) {
                throw new InvalidOptionException("jwt.secretFile", "cannot read " + file);
            }
        }

        @Override
        public byte[] secret(Path canalHome) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (text.length() < MIN_LENGTH) {
                    throw new InvalidOptionException("jwt.secretFile", "must hold at least " + MIN_LENGTH + " characters");
                }
                return text.getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Dev mode only: generated on first start and kept in {@link DevSecretFile} under the Canal home. */
    record DevGenerated() implements JwtSecretSource {
        @Override
        public byte[] secret(Path canalHome) {
            return DevSecretFile.in(canalHome).loadOrCreate().getBytes(StandardCharsets.UTF_8);
        }
    }
}
