package org.canal.signaling.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request is limited by: the peer's, an IPv6 /64, X-Forwarded-For only from trusted proxies. */
class ClientAddressesTest {
    private final ClientAddresses direct = new ClientAddresses(List.of());
    private final ClientAddresses proxied = new ClientAddresses(List.of("10.0.0.1", "10.0.0.2"));

    @Test
    void theKeyIsThePeerAddressAndAnIpv6AddressCountsByItsSlash64() {
        assertThat(direct.keyOf("203.0.113.7", null)).isEqualTo("203.0.113.7");
        assertThat(direct.keyOf("2001:db8:1:2:aaaa::1", null)).isEqualTo("2001:db8:1:2::/64");
        assertThat(direct.keyOf("2001:db8:1:2:bbbb:cccc:dddd:eeee", null)).isEqualTo("2001:db8:1:2::/64");
        assertThat(direct.keyOf("2001:db8:1:3::1", null)).isEqualTo("2001:db8:1:3::/64");
        assertThat(direct.keyOf("::ffff:203.0.113.7", null)).isEqualTo("203.0.113.7");
        assertThat(direct.keyOf("[::1]", null)).isEqualTo("0:0:0:0::/64");
        assertThat(direct.keyOf("not an address", null)).isEqualTo("?");
        assertThat(direct.keyOf(null, null)).isEqualTo("?");
    }

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() {
        assertThat(direct.keyOf("203.0.113.7", "198.51.100.1")).isEqualTo("203.0.113.7");
        assertThat(proxied.keyOf("203.0.113.7", "198.51.100.1")).isEqualTo("203.0.113.7");
        assertThat(proxied.keyOf("10.0.0.1", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(proxied.keyOf("10.0.0.1", null)).isEqualTo("10.0.0.1");
    }

    @Test
    void theClientIsTheRightMostUntrustedHopSoAForgedPrefixDoesNotHelp() {
        // the client wrote "1.1.1.1" itself; the proxies appended what they saw
        assertThat(proxied.keyOf("10.0.0.1", "1.1.1.1, 198.51.100.1, 10.0.0.2")).isEqualTo("198.51.100.1");
        assertThat(proxied.keyOf("10.0.0.1", "10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(proxied.keyOf("10.0.0.1", "junk, 198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(proxied.keyOf("10.0.0.1", "198.51.100.1, junk")).isEqualTo("10.0.0.1");
        assertThat(proxied.keyOf("10.0.0.1", "2001:db8:9:9::5")).isEqualTo("2001:db8:9:9::/64");
    }

    @Test
    void trustedProxiesMustBeAddresses() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.example"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ClientAddresses(List.of("::ffff:10.0.0.1")).keyOf("10.0.0.1", "198.51.100.1")).isEqualTo("198.51.100.1");
    }
}
