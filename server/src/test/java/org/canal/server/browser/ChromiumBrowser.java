package org.canal.server.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by Debian's chromedriver through Selenium, with a fresh profile, fake camera
 * and microphone, loopback ICE candidates and no mDNS hiding (/work/shared/peers.md lists why each).
 */
public final class ChromiumBrowser implements AutoCloseable {
    static final String BINARY = "/usr/lib/chromium/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    public ChromiumBrowser() throws IOException {
        profile = Files.createTempDirectory("canal-chromium-");
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort()
                .withSilent(true).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--autoplay-policy=no-user-gesture-required");
        // The dev node's certificate is self-signed and generated at start-up.
        options.setAcceptInsecureCerts(true);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** This page's participant id once it has joined (the SDK's {@code window.canal.self}), waiting up to {@code wait}. */
    public String participantId(Duration wait) {
        return org.awaitility.Awaitility.await().atMost(wait).until(() -> (String) driver()
                .executeScript("return window.canal && window.canal.self ? window.canal.self.id : null"),
                java.util.Objects::nonNull);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            TempDirs.delete(profile);
        }
    }
}
