package org.canal.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links that open the node's page and join a call. The token travels in the URL fragment, which
 * browsers never send to a server nor put in a Referer header, never in the query string.
 */
public final class JoinLink {
    /** Dev mode's demo call: the page's invite is for this server and channel. */
    public static final String DEMO_SERVER = "dev";
    public static final String DEMO_CHANNEL = "demo";

    private JoinLink() {}

    /** {@code https://host:port/#invite=<token>}: a multi-use invite. */
    public static String invite(String host, int port, String token) {
        return origin(host, port) + "/#invite=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** {@code https://host:port/#token=<token>}: a personal join token. */
    public static String join(String host, int port, String token) {
        return origin(host, port) + "/#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** The line dev mode prints, on its own, for people and scripts to find. */
    public static String joinLine(String link) {
        return "Join: " + link;
    }

    static String origin(String host, int port) {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return port == 443 ? "https://" + hostPart : "https://" + hostPart + ":" + port;
    }
}
