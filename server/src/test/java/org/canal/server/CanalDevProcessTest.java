package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code canal dev} as its own process: prints its Join line, serves, and stops cleanly on SIGTERM. */
class CanalDevProcessTest {
    private static final Pattern JOIN = Pattern.compile("^Join: https://127\\.0\\.0\\.1:(\\d+)/#invite=\\S+$");

    @TempDir
    Path home;

    @Test
    void devPrintsItsJoinLineAndStopsOnSigterm() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CanalCommand.class.getName(), "dev").redirectError(home.resolve("stderr.txt").toFile());
        builder.environment().put("CANAL_HOME", home.toString());
        builder.environment().put("CANAL_HTTPS_PORT", "0");
        builder.environment().remove("CANAL_JWT_SECRET");
        Process process = builder.start();
        try {
            List<String> lines = new ArrayList<>();
            int port = -1;
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                lines.add(line);
                Matcher join = JOIN.matcher(line);
                if (join.matches()) {
                    port = Integer.parseInt(join.group(1));
                }
            }
            assertThat(port).as("a Join line in %s", lines).isPositive();
            try (Socket connected = new Socket("127.0.0.1", port)) {
                assertThat(connected.isConnected()).isTrue();
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            int stoppedPort = port;
            assertThatThrownBy(() -> new Socket("127.0.0.1", stoppedPort).close()).isInstanceOf(ConnectException.class);
            String stderr = Files.readString(home.resolve("stderr.txt"));
            assertThat(stderr).doesNotContain("Exception").doesNotContain("unclean shutdown");
            String secret = Files.readString(home.resolve("dev-secret")).strip();
            String adminKey = Files.readString(home.resolve("admin-key")).strip();
            assertThat(String.join("\n", lines) + stderr).doesNotContain(secret).doesNotContain(adminKey);
        } finally {
            process.destroyForcibly();
        }
    }
}
