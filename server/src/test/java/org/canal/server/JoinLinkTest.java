package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class JoinLinkTest {
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpbnZpdGUiOnRydWV9.c2lnbmF0dXJl";

    @Test
    void inviteTravelsInTheFragmentOnly() {
        String link = JoinLink.invite("127.0.0.1", 8443, TOKEN);
        assertThat(link).isEqualTo("https://127.0.0.1:8443/#invite=" + TOKEN);
        URI uri = URI.create(link);
        assertThat(uri.getRawQuery()).isNull();
        assertThat(uri.getPath()).isEqualTo("/");
        assertThat(uri.getRawFragment()).isEqualTo("invite=" + TOKEN);
    }

    @Test
    void joinLineIsTheLinkOnALineOfItsOwn() {
        String line = JoinLink.joinLine(JoinLink.invite("127.0.0.1", 8443, TOKEN));
        assertThat(line).matches("Join: https://127\\.0\\.0\\.1:8443/#invite=[A-Za-z0-9_.-]+").doesNotContain("\n");
    }

    @Test
    void personalTokensUseTheTokenKeyAndIpv6HostsAreBracketed() {
        assertThat(JoinLink.join("::1", 443, TOKEN)).isEqualTo("https://[::1]/#token=" + TOKEN);
    }
}
