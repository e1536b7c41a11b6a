package org.canal.server.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Firefox ESR without geckodriver (Debian has none): started on a URL with a fresh profile,
 * it does its work on load and reports through the node (the page's {@code stats} messages, or a test
 * endpoint); it is ended by its process id.
 *
 * <p>The profile's {@code user.js} turns on fake media devices without a permission prompt, loopback
 * ICE candidates without mDNS names, and turns off telemetry and updates. The node's self-signed
 * certificate is trusted by importing it into the profile's NSS database with {@code certutil}
 * (Debian's libnss3-tools) as a trusted anchor ({@code C,,}; checked with Firefox ESR 153).
 */
public final class FirefoxBrowser implements AutoCloseable {
    static final String BINARY = "firefox-esr";
    private static final List<String> PREFERENCES = List.of(
            "media.navigator.streams.fake", "true",
            "media.navigator.permission.disabled", "true",
            "media.autoplay.default", "0",
            "media.peerconnection.ice.loopback", "true",
            "media.peerconnection.ice.obfuscate_host_addresses", "false",
            "toolkit.telemetry.enabled", "false",
            "toolkit.telemetry.unified", "false",
            "datareporting.policy.dataSubmissionEnabled", "false",
            "datareporting.healthreport.uploadEnabled", "false",
            "app.update.enabled", "false",
            "app.update.auto", "false",
            "browser.shell.checkDefaultBrowser", "false",
            "browser.startup.homepage_override.mstone", "\"ignore\"",
            "network.captive-portal-service.enabled", "false",
            "network.connectivity-service.enabled", "false",
            "extensions.update.enabled", "false");

    private final Path profile;
    private final Process process;

    private FirefoxBrowser(Path profile, Process process) {
        this.profile = profile;
        this.process = process;
    }

    /** Starts Firefox on {@code url}, trusting {@code certificatePem} for HTTPS. */
    public static FirefoxBrowser open(String url, String certificatePem) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("canal-firefox-");
        StringBuilder userJs = new StringBuilder();
        for (int i = 0; i < PREFERENCES.size(); i += 2) {
            userJs.append("user_pref(\"").append(PREFERENCES.get(i)).append("\", ").append(PREFERENCES.get(i + 1))
                    .append(");\n");
        }
        Files.writeString(profile.resolve("user.js"), userJs, StandardCharsets.UTF_8);
        Path certificate = Files.writeString(profile.resolve("canal-node.pem"), certificatePem, StandardCharsets.US_ASCII);
        run("certutil", "-N", "-d", "sql:" + profile, "--empty-password");
        run("certutil", "-A", "-d", "sql:" + profile, "-n", "canal-node", "-t", "C,,", "-i", certificate.toString());
        Process process = new ProcessBuilder(BINARY, "--headless", "--no-remote", "--profile", profile.toString(), url)
                .redirectErrorStream(true).redirectOutput(profile.resolve("firefox.log").toFile()).start();
        return new FirefoxBrowser(profile, process);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What Firefox printed, for failure messages. */
    public String log() {
        try {
            return Files.readString(profile.resolve("firefox.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** Ends Firefox and its content processes by process id, then deletes the profile. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        TempDirs.delete(profile);
    }
}
