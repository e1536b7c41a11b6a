package org.canal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * A dev mode secret: the join-token secret ({@code <home>/dev-secret}) or the admin API key
 * ({@code <home>/admin-key}). Generated on first start, then kept so that {@code canal token},
 * {@code canal invite} and later starts use the same one. Only its owner may read it (file 0600,
 * directory 0700); a file others can read is refused rather than used.
 */
public final class DevSecretFile {
    static final String NAME = "dev-secret";
    static final String ADMIN_KEY_NAME = "admin-key";
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path home;
    private final String name;

    private DevSecretFile(Path home, String name) {
        this.home = home;
        this.name = name;
    }

    /** The join-token secret. */
    public static DevSecretFile in(Path home) {
        return new DevSecretFile(home, NAME);
    }

    /** The admin API key. */
    public static DevSecretFile adminKey(Path home) {
        return new DevSecretFile(home, ADMIN_KEY_NAME);
    }

    public Path path() {
        return home.resolve(name);
    }

    /** The secret's text, creating the file (and its directory) when it is missing. */
    public String loadOrCreate() {
        try {
            if (!Files.isDirectory(home)) {
                Files.createDirectories(home, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            }
            Path file = path();
            if (!Files.exists(file)) {
                try {
                    // Created with 0600 from the start: the secret never exists in a readable file.
                    Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE)),
                            generate() + "\n", StandardCharsets.UTF_8);
                } catch (FileAlreadyExistsException raced) {
                    // Another process created it first: use theirs.
                }
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_FILE.containsAll(permissions)) {
                throw new IllegalStateException(file + " can be read by others (" + PosixFilePermissions.toString(permissions)
                        + "); run chmod 600 on it or delete it to generate a new one");
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.length() < JwtSecretSource.MIN_LENGTH) {
                throw new IllegalStateException(file + " holds too short a secret; delete it to generate a new one");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the dev secret in " + home, e);
        }
    }

    /** 32 random bytes (256 bits, the HS256 key size), base64url without padding: 43 characters. */
    private static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
