package org.canal.signaling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ICE servers signaling hands each session in {@code joined.iceServers} (docs/signaling.md,
 * docs/turn.md): STUN URLs as they are (the node's own {@code stun:} URL among them when configured),
 * and TURN URLs with a fresh short-lived credential per {@code joined}. Immutable.
 *
 * @param stunUrls    {@code stun:} / {@code stuns:} URLs (RFC 7064)
 * @param turnUrls    {@code turn:} / {@code turns:} URLs (RFC 7065); empty for no TURN
 * @param credentials mints the TURN credentials; present exactly when {@code turnUrls} is not empty
 */
public record IceServers(List<String> stunUrls, List<String> turnUrls, TurnCredentials credentials) {
    private static final Pattern STUN_URL = Pattern.compile("stuns?:[^\\s?]+");
    private static final Pattern TURN_URL = Pattern.compile("turns?:[^\\s?]+(\\?transport=(udp|tcp))?");
    /** Random bytes of the opaque id in a TURN username: 96 bits, unlinkable to the participant. */
    private static final int OPAQUE_ID_BYTES = 12;

    public IceServers {
        stunUrls = List.copyOf(stunUrls);
        turnUrls = List.copyOf(turnUrls);
        for (String url : stunUrls) {
            if (!STUN_URL.matcher(url).matches()) {
                throw new IllegalArgumentException("not a stun: URL (RFC 7064): " + url);
            }
        }
        for (String url : turnUrls) {
            if (!TURN_URL.matcher(url).matches()) {
                throw new IllegalArgumentException("not a turn: URL (RFC 7065): " + url);
            }
        }
        if (turnUrls.isEmpty() != (credentials == null)) {
            throw new IllegalArgumentException("TURN URLs and a TURN secret go together");
        }
    }

    /** No ICE servers: {@code joined.iceServers} is empty, as in version 1 before issue 5. */
    public static IceServers none() {
        return new IceServers(List.of(), List.of(), null);
    }

    /**
     * The RTCIceServer list for one {@code joined}: {@code {urls}} for STUN, then {@code {urls,
     * username, credential}} for TURN with a new credential under a random opaque id (allocates: control plane).
     */
    public JsonArray forJoined() {
        JsonArray servers = new JsonArray();
        if (!stunUrls.isEmpty()) {
            servers.add(new JsonObject().put("urls", new JsonArray(stunUrls)));
        }
        if (!turnUrls.isEmpty()) {
            TurnCredentials.Credential c = credentials.mint(Ids.random(OPAQUE_ID_BYTES));
            servers.add(new JsonObject().put("urls", new JsonArray(turnUrls)).put("username", c.username())
                    .put("credential", c.password()));
        }
        return servers;
    }
}
