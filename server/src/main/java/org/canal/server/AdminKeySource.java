package org.canal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the admin API's key comes from. The node reads it once at start, keeps only its Argon2id hash
 * ({@link AdminKeyHash}) and forgets the text; the key is never part of the options' text form.
 */
public sealed interface AdminKeySource {
    /** Keys shorter than this are refused: 32 characters of base64url carry 192 bits. */
    int MIN_LENGTH = 32;

    /** The key's text, or empty when the node has no admin API. */
    Optional<String> key(Path canalHome);

    /** From the environment variable {@code CANAL_ADMIN_KEY}. */
    final class FromEnvironment implements AdminKeySource {
        private final String value;

        public FromEnvironment(String value) {
            this.value = checked("CANAL_ADMIN_KEY", value);
        }

        @Override
        public Optional<String> key(Path canalHome) {
            return Optional.of(value);
        }

        @Override
        public String toString() {
            return "CANAL_ADMIN_KEY (hidden)";
        }
    }

    /** From a file the operator provides ({@code admin.keyFile}); only its path is kept. */
    record FromFile(Path file) implements AdminKeySource {
        public FromFile {
            if (!Files.isReadable(file)) {
                throw new InvalidOptionException("admin.keyFile", "cannot read " + file);
            }
        }

        @Override
        public Optional<String> key(Path canalHome) {
            try {
                return Optional.of(checked("admin.keyFile", Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Dev mode: generated on first start into {@code <home>/admin-key} (owner only). */
    record DevGenerated() implements AdminKeySource {
        @Override
        public Optional<String> key(Path canalHome) {
            return Optional.of(DevSecretFile.adminKey(canalHome).loadOrCreate());
        }
    }

    /** Production without a key: the node serves no admin API at all. */
    record None() implements AdminKeySource {
        @Override
        public Optional<String> key(Path canalHome) {
            return Optional.empty();
        }
    }

    private static String checked(String key, String text) {
        String value = text.strip();
        if (value.length() < MIN_LENGTH) {
            throw new InvalidOptionException(key, "the admin key must be at least " + MIN_LENGTH + " characters");
        }
        return value;
    }
}
