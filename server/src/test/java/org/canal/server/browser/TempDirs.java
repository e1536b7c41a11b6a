package org.canal.server.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the throw-away browser profiles the tests create. */
final class TempDirs {
    private TempDirs() {}

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A profile left in /tmp is harmless; the test result is what matters.
        }
    }
}
