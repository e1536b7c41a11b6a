package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaOptionsTest {
    @Test
    void defaultsAreLoopbackPort10000OneLoopAndRfc7675Consent() {
        MediaOptions o = MediaOptions.defaults();
        assertThat(o.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(o.advertisedAddresses()).containsExactly("127.0.0.1");
        assertThat(o.port()).isEqualTo(10_000);
        assertThat(o.loops()).isEqualTo(1);
        assertThat(o.consentTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void advertisedAddressesFollowTheBindAddressUnlessGiven() {
        assertThat(MediaOptions.defaults().withBindAddress("127.0.0.2").advertisedAddresses()).containsExactly("127.0.0.2");
        assertThat(MediaOptions.defaults().withAdvertisedAddresses(List.of("203.0.113.7")).withBindAddress("0.0.0.0")
                .advertisedAddresses()).containsExactly("203.0.113.7");
        assertThatThrownBy(() -> MediaOptions.defaults().withBindAddress("0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advertisedAddresses");
    }

    @Test
    void invalidValuesAreRefused() {
        assertThatThrownBy(() -> MediaOptions.defaults().withBindAddress("media.example.org"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("literal");
        assertThatThrownBy(() -> MediaOptions.defaults().withPort(65_535).withLoops(2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaOptions.defaults().withLoops(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaOptions.defaults().withConsentTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaOptions.defaults().withMaxTransports(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MediaOptions.defaults().withPort(0).withLoops(4).port()).isZero();
    }
}
