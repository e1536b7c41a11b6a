package org.canal.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressMaskerTest {
    private final AddressMasker masker = new AddressMasker();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // IPv4, alone, after a slash (InetAddress.toString), ending a sentence, after a colon
            "peer 203.0.113.7 joined | peer <ip> joined",
            "from /203.0.113.7 | from /<ip>",
            "refused 203.0.113.7. Next | refused <ip>. Next",
            "remote:203.0.113.7 | remote:<ip>",
            "add:203.0.113.7 | add:<ip>",
            "x=10.0.0.255,y=192.168.1.1 | x=<ip>,y=<ip>",
            // host:port, as Netty and Vert.x print remote addresses
            "R:/198.51.100.23:53422] | R:/<ip>:<port>]",
            "connected to 198.51.100.23:5000: | connected to <ip>:<port>:",
            // IPv6: full, uncompressed Java form, compressed, loopback, with zone id, IPv4-mapped and -compatible
            "a 2001:0db8:0000:0000:0000:ff00:0042:8329 b | a <ip> b",
            "/2001:db8:0:0:0:ff00:42:8329 | /<ip>",
            "at 2001:db8::ff00:42:8329. | at <ip>.",
            "::1 said hi | <ip> said hi",
            "link fe80::1ff:fe23:4567:890a%eth0 up | link <ip> up",
            "scoped /fe80:0:0:0:1ff:fe23:4567:890a%2 | scoped /<ip>",
            "mapped ::ffff:192.0.2.128 | mapped <ip>",
            "MAPPED ::FFFF:C000:0280 | MAPPED <ip>",
            "compat 64:ff9b::192.0.2.33 | compat <ip>",
            "host:2001:db8::5 | host:<ip>",
            // bracketed IPv6 with a port (RFC 3986), unbracketed with a port
            "to [2001:db8::1]:443 now | to [<ip>]:<port> now",
            "/[0:0:0:0:0:0:0:1]:5000 | /[<ip>]:<port>",
            "1:2:3:4:5:6:7:8:9000 | <ip>:<port>",
            "[2001:db8::7] | [<ip>]",
    })
    void masksAddressesAndTheirPorts(String text, String masked) {
        assertThat(masker.mask(text)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "netty 4.2.9.Final, vert.x 5.0.7, bc 1.84",
            "version 1.2.3.4.5 and v1.2.3.4 and 1.2.3.4b",
            "2025-05-01T09:30:00.123Z INFO and 09:30:00.123456 and 12:34 and 2025-05-01 12:34:56,789",
            "999.1.1.1 256.0.0.1 1.2.3 1..2.3 01.2.3.4444",
            "sha-256 27:77:AF:EB:B5:F8:3C:64:E5:C6:23:D9:8C:12:02:D3:FC:77:42:9F:93:3D:05:A1:EC:E0:D3:9C:60:07:CB:E8",
            "mac 00:1a:2b:3c:4d:5e and Handler::add and String::valueOf",
            "ids 0x1f2e3d4c, deadbeef, cafe, 3.14159, 10.5.2, ratio 1:2, 1:2:3",
            "1:2:3:4:5:6:7:8:9:10 10-group and 1:2:3:4:5:6:7 7-group",
            "unspecified 0.0.0.0 and :: and 0:0:0:0:0:0:0:0 bind all",
            "",
    })
    void leavesTextThatOnlyLooksLikeAnAddress(String text) {
        assertThat(masker.mask(text)).isEqualTo(text);
    }

    @Test
    void keepsTheNodesOwnAddressesInAnyOfTheirForms() {
        masker.keep("127.0.0.1");
        masker.keep("[2001:db8::10]");
        masker.keep("node.example.org"); // a name is not an address: ignored
        masker.keep(null);
        assertThat(masker.mask("L:/127.0.0.1:8443 - R:/127.0.0.2:53422"))
                .isEqualTo("L:/127.0.0.1:8443 - R:/<ip>:<port>");
        assertThat(masker.mask("media on 2001:0db8:0:0:0:0:0:0010 and [2001:db8::10]:40000, peer 2001:db8::11"))
                .isEqualTo("media on 2001:0db8:0:0:0:0:0:0010 and [2001:db8::10]:40000, peer <ip>");
    }

    @Test
    void masksAddressesInStackTraces() {
        String trace = """
                io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /203.0.113.9:41000
                Caused by: java.net.ConnectException: Connection refused
                \tat java.base/sun.nio.ch.Net.pollConnect(Native Method)
                \tat io.netty.channel.epoll.AbstractEpollChannel.doConnect0(AbstractEpollChannel.java:781)
                \tat io.netty.util.concurrent.SingleThreadEventExecutor$4.run(SingleThreadEventExecutor.java:997)
                Suppressed: java.io.IOException: peer [2001:db8::beef]:3478 and fe80::2%lo gone
                """;
        String masked = masker.mask(trace);
        assertThat(masked).contains("Connection refused: /<ip>:<port>", "peer [<ip>]:<port> and <ip> gone",
                "(AbstractEpollChannel.java:781)", "SingleThreadEventExecutor$4.run(SingleThreadEventExecutor.java:997)")
                .doesNotContain("203.0.113", "2001:db8", "fe80");
    }

    @Test
    void parsesOnlyWellFormedLiterals() {
        assertThat(AddressMasker.parse("192.0.2.1")).containsExactly(192, 0, 2, 1);
        assertThat(AddressMasker.parse("::ffff:192.0.2.1")).hasSize(16);
        assertThat(AddressMasker.parse("1::2::3")).isNull();
        assertThat(AddressMasker.parse("1.2.3.4::")).isNull();
        assertThat(AddressMasker.parse("12345::1")).isNull();
        assertThat(AddressMasker.parse("1:2:3:4:5:6:7::8")).isNull();
    }
}
