package org.canal.server.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Reads a call's diagnostics from the node ({@code GET /diagnostics/calls/<server>/<channel>},
 * docs/signaling.md) as the browser tests need them: per session its participant id and the latest
 * {@code stats} report its page sent (inbound per remote track, transports with the node's port).
 * Diagnostics carry no display names (privacy): tests learn each browser's participant id from its page.
 *
 * <p>Shape, kept in step with signaling in this one class:
 * {@code {"sessions": [{"participant", "stats": {"inbound": [...], "transports": [...]}}], ...}}.
 */
public final class CallDiagnostics {
    private final HttpClient client;
    private final URI uri;

    public CallDiagnostics(SSLContext trust, int httpsPort, String server, String channel) {
        this.client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
        this.uri = URI.create("https://127.0.0.1:" + httpsPort + "/diagnostics/calls/" + server + "/" + channel);
    }

    /** One inbound track as a participant's page reported it. */
    public record Inbound(String from, String kind, long packetsReceived, long framesDecoded, long bytesReceived) {}

    /** One PeerConnection of a participant: its state, ciphers and the node's port of the selected pair. */
    public record Transport(String direction, String state, String srtpCipher, String dtlsCipher, Integer remotePort) {}

    public record Session(String id, List<Inbound> inbound, List<Transport> transports) {
        /** The latest report's inbound track of {@code kind} from participant {@code from}. */
        public Optional<Inbound> from(String from, String kind) {
            return inbound.stream().filter(i -> i.from().equals(from) && i.kind().equals(kind)).findFirst();
        }
    }

    public record Snapshot(List<Session> sessions, JsonObject raw) {
        public Optional<Session> session(String participantId) {
            return sessions.stream().filter(s -> s.id().equals(participantId)).findFirst();
        }

        /** Video frames {@code receiver} last reported decoded from {@code sender}; 0 before any report. */
        public long videoFramesDecoded(String receiver, String sender) {
            return session(receiver).flatMap(s -> s.from(sender, "video")).map(Inbound::framesDecoded).orElse(0L);
        }
    }

    /** The call as the node sees it now; no sessions when the call does not exist (404). */
    public Snapshot read() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return new Snapshot(List.of(), new JsonObject());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonObject raw = new JsonObject(response.body());
        List<Session> sessions = array(raw, "sessions").stream().map(JsonObject.class::cast).map(CallDiagnostics::session)
                .toList();
        return new Snapshot(sessions, raw);
    }

    private static Session session(JsonObject json) {
        JsonObject stats = Optional.ofNullable(json.getJsonObject("stats")).orElse(new JsonObject());
        List<Inbound> inbound = array(stats, "inbound").stream().map(JsonObject.class::cast)
                .map(i -> new Inbound(i.getString("participant"), i.getString("kind"), i.getLong("packetsReceived", 0L),
                        i.getLong("framesDecoded", 0L), i.getLong("bytesReceived", 0L)))
                .toList();
        List<Transport> transports = array(stats, "transports").stream().map(JsonObject.class::cast)
                .map(t -> new Transport(t.getString("direction"), t.getString("state"), t.getString("srtpCipher"),
                        t.getString("dtlsCipher"), t.getInteger("remotePort")))
                .toList();
        return new Session(json.getString("participant"), inbound, transports);
    }

    private static JsonArray array(JsonObject json, String key) {
        return Optional.ofNullable(json.getJsonArray(key)).orElse(new JsonArray());
    }
}
