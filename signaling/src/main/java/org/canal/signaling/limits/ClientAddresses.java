package org.canal.signaling.limits;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The key a client is rate-limited by: its IP address as the node sees it; an IPv6 address by its
 * /64 prefix, since one host commonly holds a whole /64 and could otherwise rotate through it.
 *
 * <p>{@code X-Forwarded-For} is believed only from a configured trusted proxy (a TLS-terminating
 * proxy in front of the node): then the client is the right-most address in that header that is not
 * itself a trusted proxy. Without trusted proxies the header is ignored, since any client can write it.
 * Keys are held in memory only; nothing here logs.
 */
public final class ClientAddresses {
    private final Set<String> trustedProxies;

    /**
     * @param trustedProxies IP literals of the proxies in front of the node (empty: none)
     * @throws IllegalArgumentException if one is not an IP literal
     */
    public ClientAddresses(List<String> trustedProxies) {
        Set<String> canonical = new HashSet<>();
        for (String proxy : trustedProxies) {
            String address = canonical(proxy);
            if (address == null) {
                throw new IllegalArgumentException("a trusted proxy must be an IP address, was " + proxy);
            }
            canonical.add(address);
        }
        this.trustedProxies = Set.copyOf(canonical);
    }

    /**
     * The rate-limit key of a request from {@code peer} (the TCP peer's IP literal) carrying
     * {@code forwardedFor} (the {@code X-Forwarded-For} header, or null).
     */
    public String keyOf(String peer, String forwardedFor) {
        String client = canonical(peer);
        if (client == null) {
            return "?"; // not an IP (a Unix socket): all such clients share one key
        }
        if (forwardedFor != null && trustedProxies.contains(client)) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = canonical(hops[i]);
                if (hop == null) {
                    break; // garbage: stay with the last address we could trust
                }
                client = hop;
                if (!trustedProxies.contains(hop)) {
                    break;
                }
            }
        }
        return key(client);
    }

    /** An IPv4 address as is; an IPv6 address cut to its /64. */
    private static String key(String canonical) {
        if (canonical.indexOf(':') < 0) {
            return canonical;
        }
        String[] groups = canonical.split(":");
        return String.join(":", Arrays.copyOf(groups, 4)) + "::/64";
    }

    /** The address in one textual form (IPv4-mapped IPv6 as IPv4, IPv6 uncompressed), or null. */
    static String canonical(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        int zone = value.indexOf('%');
        if (zone >= 0) {
            value = value.substring(0, zone);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(value);
        if (bytes == null) {
            return null;
        }
        try {
            // from bytes: no name lookup; an IPv4-mapped IPv6 address comes back as IPv4
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
