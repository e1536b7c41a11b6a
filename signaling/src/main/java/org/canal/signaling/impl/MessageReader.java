package org.canal.signaling.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.SignalingOptions;
import org.canal.signaling.TrackSource;

/**
 * Turns a text frame into a {@link ClientMessage}, or refuses it with BAD_MESSAGE (or
 * UNSUPPORTED_VERSION for a {@code join} in another protocol version). Checks the size first, then
 * JSON, then each field's presence, type and length; unknown extra fields are ignored so that
 * clients may add optional fields (docs/signaling.md, "Versions"). Stateless; any thread.
 */
final class MessageReader {
    static final int PROTOCOL_VERSION = 1;
    static final int MAX_ID_CHARS = 64;
    static final int MAX_TOKEN_CHARS = 8192;
    static final int MAX_NAME_CHARS = 64;
    static final int MAX_SESSION_CHARS = 64;
    static final int MAX_RESUME_CHARS = 128;
    static final int MAX_STATS_ENTRIES = 128;
    static final int MAX_STATS_TEXT = 64;
    static final int MAX_FEATURES = 8;
    static final int MAX_FEATURE_CHARS = 32;
    static final int MAX_CANDIDATE_CHARS = 1024;
    static final int MAX_SDP_MID_CHARS = 64;
    static final int MAX_UFRAG_CHARS = 256;
    /** RFC 8829 allows any index; Canal's calls have a handful of sections. */
    static final int MAX_SDP_MLINE_INDEX = 1023;
    /** At most this many entries in {@code publish.sources}, and mids of at most this many characters. */
    static final int MAX_SOURCES = 16;
    static final int MAX_MID_CHARS = 32;

    private final int maxMessageBytes;

    MessageReader(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    ClientMessage read(String text) throws SignalingException {
        if (utf8Length(text, maxMessageBytes) > maxMessageBytes) {
            throw bad("the message is larger than " + maxMessageBytes + " bytes", null);
        }
        Object value;
        try {
            value = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw bad("the message is not JSON", null);
        }
        if (!(value instanceof JsonObject m)) {
            throw bad("the message is not a JSON object", null);
        }
        String id = requestId(m);
        Object type = m.getValue("type");
        if (!(type instanceof String t)) {
            throw bad("'type' is missing or not a string", id);
        }
        return switch (t) {
            case "join" -> join(m, id);
            case "resume" -> new ClientMessage.Resume(id, string(m, "session", MAX_SESSION_CHARS, id),
                    string(m, "resume", MAX_RESUME_CHARS, id), optionalFlag(m, "reload", id));
            case "publish" -> new ClientMessage.Publish(id, string(m, "sdp", maxMessageBytes, id), sources(m, id));
            case "subscribeAnswer" -> new ClientMessage.SubscribeAnswer(id, positive(m, "revision", id),
                    string(m, "sdp", maxMessageBytes, id));
            case "restartIce" -> restartIce(m, id);
            case "stats" -> new ClientMessage.Stats(id, stats(m, id));
            case "leave" -> new ClientMessage.Leave(id);
            case "unloading" -> new ClientMessage.Unloading(id);
            case "moderate" -> moderate(m, id);
            case "mediaReady" -> new ClientMessage.MediaReady(id, positive(m, "epoch", id));
            case "p2pSignal" -> p2pSignal(m, id);
            default -> throw bad("unknown type '" + shorten(t) + "'", id);
        };
    }

    private ClientMessage.Join join(JsonObject m, String id) throws SignalingException {
        Object v = m.getValue("v");
        if (!(v instanceof Integer || v instanceof Long)) {
            throw bad("'v' is missing or not an integer", id);
        }
        if (((Number) v).longValue() != PROTOCOL_VERSION) {
            throw new SignalingException(ErrorCode.UNSUPPORTED_VERSION,
                    "this node speaks version " + PROTOCOL_VERSION, id);
        }
        String token = string(m, "token", MAX_TOKEN_CHARS, id);
        String name = string(m, "name", MAX_NAME_CHARS, id);
        if (name.isBlank() || name.codePoints().anyMatch(Character::isISOControl)) {
            throw bad("'name' must not be blank or hold control characters", id);
        }
        return new ClientMessage.Join(id, PROTOCOL_VERSION, token, name, optionalId(m, "server", id),
                optionalId(m, "channel", id), features(m, id));
    }

    /** {@code features}: optional, at most 8 strings of 1-32 characters; only the known ones are kept. */
    private static java.util.Set<String> features(JsonObject m, String id) throws SignalingException {
        Object value = m.getValue("features");
        if (value == null) {
            return java.util.Set.of();
        }
        if (!(value instanceof JsonArray a) || a.size() > MAX_FEATURES) {
            throw bad("'features' must be an array of at most " + MAX_FEATURES + " strings", id);
        }
        java.util.Set<String> known = new java.util.HashSet<>();
        for (Object f : a) {
            if (!(f instanceof String s) || s.isEmpty() || s.length() > MAX_FEATURE_CHARS) {
                throw bad("'features' must hold strings of 1-" + MAX_FEATURE_CHARS + " characters", id);
            }
            if (s.equals(ClientMessage.Join.P2P)) {
                known.add(s);
            }
        }
        return java.util.Set.copyOf(known);
    }

    /**
     * A P2P signal (docs/signaling.md, "Media mode"): exactly one of {@code description} and
     * {@code candidate} (present, null being the end of candidates). Rebuilt from the checked fields,
     * so nothing else a client adds is relayed to its peer.
     */
    private ClientMessage.P2pSignal p2pSignal(JsonObject m, String id) throws SignalingException {
        long epoch = positive(m, "epoch", id);
        boolean hasDescription = m.getValue("description") != null;
        boolean hasCandidate = m.containsKey("candidate");
        if (hasDescription == hasCandidate) {
            throw bad("a p2pSignal carries exactly one of 'description' and 'candidate'", id);
        }
        if (hasDescription) {
            if (!(m.getValue("description") instanceof JsonObject d)) {
                throw bad("'description' must be an object {type, sdp}", id);
            }
            String type = oneOf(d, "type", id, "offer", "answer", "rollback");
            JsonObject description = new JsonObject().put("type", type);
            if (!type.equals("rollback")) {
                description.put("sdp", sdpText(d, "sdp", id));
            }
            return new ClientMessage.P2pSignal(id, epoch, description, null, false);
        }
        Object c = m.getValue("candidate");
        if (c == null) {
            return new ClientMessage.P2pSignal(id, epoch, null, null, true);
        }
        if (!(c instanceof JsonObject o)) {
            throw bad("'candidate' must be an object {candidate, sdpMid, sdpMLineIndex, usernameFragment} or null", id);
        }
        Object text = o.getValue("candidate");
        if (!(text instanceof String t) || t.length() > MAX_CANDIDATE_CHARS || hasControl(t)) {
            throw bad("'candidate.candidate' must be a string of at most " + MAX_CANDIDATE_CHARS
                    + " characters without control characters", id);
        }
        String mid = nullableText(o, "sdpMid", MAX_SDP_MID_CHARS, id);
        Object index = o.getValue("sdpMLineIndex");
        if (index != null && (!(index instanceof Integer i) || i < 0 || i > MAX_SDP_MLINE_INDEX)) {
            throw bad("'candidate.sdpMLineIndex' must be an integer 0-" + MAX_SDP_MLINE_INDEX + " or null", id);
        }
        if (mid == null && index == null && !t.isEmpty()) {
            throw bad("a candidate needs 'sdpMid' or 'sdpMLineIndex'", id);
        }
        JsonObject candidate = new JsonObject().put("candidate", t).put("sdpMid", mid).put("sdpMLineIndex", index)
                .put("usernameFragment", nullableText(o, "usernameFragment", MAX_UFRAG_CHARS, id));
        return new ClientMessage.P2pSignal(id, epoch, null, candidate, true);
    }

    /** An SDP text: 1 to the message limit, no control characters but CR, LF and tab. */
    private String sdpText(JsonObject m, String field, String id) throws SignalingException {
        String sdp = string(m, field, maxMessageBytes, id);
        if (sdp.chars().anyMatch(ch -> ch < 0x20 && ch != '\r' && ch != '\n' && ch != '\t' || ch == 0x7f)) {
            throw bad("'" + field + "' must not hold control characters other than CR, LF and tab", id);
        }
        return sdp;
    }

    /** An optional string field that may also be null: absent or null is null. */
    private static String nullableText(JsonObject m, String field, int maxChars, String id) throws SignalingException {
        Object value = m.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.length() > maxChars || hasControl(s)) {
            throw bad("'" + field + "' must be null or a string of at most " + maxChars + " characters", id);
        }
        return s;
    }

    private static boolean hasControl(String s) {
        return s.codePoints().anyMatch(Character::isISOControl);
    }

    /** Only the subscribe connection restarts on request; the publish one restarts with its own offer. */
    private static ClientMessage.RestartIce restartIce(JsonObject m, String id) throws SignalingException {
        if ("publish".equals(m.getValue("direction"))) {
            throw bad("the publish connection restarts ICE with a publish offer that carries new ICE credentials", id);
        }
        return new ClientMessage.RestartIce(id, oneOf(m, "direction", id, "subscribe"));
    }

    /** A moderation request, each field checked for the action it names (docs/moderation.md). */
    private ClientMessage.Moderate moderate(JsonObject m, String id) throws SignalingException {
        Object name = m.getValue("action");
        ModerationAction action = name instanceof String s ? ModerationAction.of(s) : null;
        if (action == null) {
            throw bad("'action' must be one of kick, mute, listenOnly, lock, unlock, setMaxParticipants, setInviteOnly, setP2p", id);
        }
        String participant = null;
        if (action.targetsParticipant) {
            Object p = m.getValue("participant");
            if (!(p instanceof String s) || !org.canal.signaling.Ids.isValid(s)) {
                throw bad("'participant' must be a participant id (1-64 of A-Z a-z 0-9 . _ ~ -)", id);
            }
            participant = s;
        }
        String kind = action == ModerationAction.MUTE ? oneOf(m, "kind", id, "audio", "video") : null;
        Object value = null;
        if (action == ModerationAction.SET_MAX_PARTICIPANTS) {
            Object v = m.getValue("value");
            if (!(v instanceof Integer n) || n < 1 || n > SignalingOptions.MAX_PARTICIPANTS_LIMIT) {
                throw bad("'value' must be an integer from 1 to " + SignalingOptions.MAX_PARTICIPANTS_LIMIT, id);
            }
            value = n;
        } else if (action == ModerationAction.SET_INVITE_ONLY) {
            if (!(m.getValue("value") instanceof Boolean b)) {
                throw bad("'value' must be true or false", id);
            }
            value = b;
        } else if (action == ModerationAction.SET_P2P) {
            value = org.canal.signaling.P2pMode.of(oneOf(m, "value", id, "off", "direct", "relay"));
        }
        return new ClientMessage.Moderate(id, action, participant, kind, value);
    }

    /**
     * {@code publish.sources} (docs/signaling.md, "Track sources"): optional; an object of at most
     * {@value #MAX_SOURCES} mids (1-{@value #MAX_MID_CHARS} characters) to "microphone", "camera" or
     * "screen". Whether the mids are the offer's, and of the right kind, is checked with the offer.
     */
    private static java.util.Map<String, TrackSource> sources(JsonObject m, String id) throws SignalingException {
        Object value = m.getValue("sources");
        if (value == null) {
            return java.util.Map.of();
        }
        if (!(value instanceof JsonObject o) || o.size() > MAX_SOURCES) {
            throw bad("'sources' must be an object of at most " + MAX_SOURCES + " mids", id);
        }
        java.util.Map<String, TrackSource> sources = new java.util.LinkedHashMap<>();
        for (String mid : o.fieldNames()) {
            if (mid.isEmpty() || mid.length() > MAX_MID_CHARS || mid.codePoints().anyMatch(Character::isISOControl)) {
                throw bad("'sources' keys must be mids of 1-" + MAX_MID_CHARS + " characters", id);
            }
            TrackSource source = TrackSource.ofWire(o.getValue(mid));
            if (source == null) {
                throw bad("'sources' values must be one of microphone, camera, screen", id);
            }
            sources.put(mid, source);
        }
        return sources;
    }

    /** An optional id field (docs/signaling.md, "Ids"): absent is null, anything but an id is refused. */
    private static String optionalId(JsonObject m, String field, String id) throws SignalingException {
        Object value = m.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || !org.canal.signaling.Ids.isValid(s)) {
            throw bad("'" + field + "' must be an id (1-64 of A-Z a-z 0-9 . _ ~ -)", id);
        }
        return s;
    }

    /** Only the documented fields of a stats report, each checked; the rest is dropped. */
    private static JsonObject stats(JsonObject m, String id) throws SignalingException {
        JsonArray inbound = new JsonArray();
        for (JsonObject e : objects(m, "inbound", id)) {
            inbound.add(new JsonObject()
                    .put("participant", string(e, "participant", MAX_STATS_TEXT, id))
                    .put("kind", oneOf(e, "kind", id, "audio", "video"))
                    .put("packetsReceived", counter(e, "packetsReceived", id))
                    .put("framesDecoded", counter(e, "framesDecoded", id))
                    .put("bytesReceived", counter(e, "bytesReceived", id)));
        }
        JsonArray transports = new JsonArray();
        for (JsonObject e : objects(m, "transports", id)) {
            JsonObject t = new JsonObject()
                    .put("direction", oneOf(e, "direction", id, "publish", "subscribe"))
                    .put("state", string(e, "state", MAX_STATS_TEXT, id))
                    .put("srtpCipher", optionalString(e, "srtpCipher", id))
                    .put("dtlsCipher", optionalString(e, "dtlsCipher", id));
            Object port = e.getValue("remotePort");
            if (port != null) {
                if (!(port instanceof Integer p) || p < 0 || p > 65535) {
                    throw bad("'remotePort' must be a port number", id);
                }
                t.put("remotePort", p);
            }
            transports.add(t);
        }
        return new JsonObject().put("inbound", inbound).put("transports", transports);
    }

    private static java.util.List<JsonObject> objects(JsonObject m, String field, String id) throws SignalingException {
        Object value = m.getValue(field);
        if (value == null) {
            return java.util.List.of();
        }
        if (!(value instanceof JsonArray a) || a.size() > MAX_STATS_ENTRIES) {
            throw bad("'" + field + "' must be an array of at most " + MAX_STATS_ENTRIES + " objects", id);
        }
        java.util.List<JsonObject> out = new java.util.ArrayList<>(a.size());
        for (Object o : a) {
            if (!(o instanceof JsonObject e)) {
                throw bad("'" + field + "' must hold objects", id);
            }
            out.add(e);
        }
        return out;
    }

    private static String requestId(JsonObject m) throws SignalingException {
        Object id = m.getValue("id");
        if (id == null) {
            return null;
        }
        if (!(id instanceof String s) || s.isEmpty() || s.length() > MAX_ID_CHARS) {
            throw bad("'id' must be a string of 1-" + MAX_ID_CHARS + " characters", null);
        }
        return s;
    }

    private static String string(JsonObject m, String field, int maxChars, String id) throws SignalingException {
        Object value = m.getValue(field);
        if (!(value instanceof String s) || s.isEmpty() || s.length() > maxChars) {
            throw bad("'" + field + "' must be a string of 1-" + maxChars + " characters", id);
        }
        return s;
    }

    private static String optionalString(JsonObject m, String field, String id) throws SignalingException {
        return m.getValue(field) == null ? null : string(m, field, MAX_STATS_TEXT, id);
    }

    private static String oneOf(JsonObject m, String field, String id, String... allowed) throws SignalingException {
        Object value = m.getValue(field);
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw bad("'" + field + "' must be one of " + String.join(", ", allowed), id);
    }

    private static long counter(JsonObject m, String field, String id) throws SignalingException {
        Object value = m.getValue(field);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
            throw bad("'" + field + "' must be a non-negative integer", id);
        }
        return ((Number) value).longValue();
    }

    private static long positive(JsonObject m, String field, String id) throws SignalingException {
        Object value = m.getValue(field);
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1) {
            throw bad("'" + field + "' must be a positive integer", id);
        }
        return ((Number) value).longValue();
    }

    /** An optional boolean field: absent means false; anything but true/false is refused. */
    private static boolean optionalFlag(JsonObject m, String field, String id) throws SignalingException {
        Object v = m.getValue(field);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw bad("'" + field + "' must be true or false", id);
        }
        return b;
    }

    private static SignalingException bad(String message, String id) {
        return new SignalingException(ErrorCode.BAD_MESSAGE, message, id);
    }

    private static String shorten(String s) {
        String head = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        return head.codePoints().anyMatch(Character::isISOControl) ? "(unprintable)" : head;
    }

    /** The UTF-8 length of {@code s}, counting no further than just past {@code limit}. */
    static int utf8Length(String s, int limit) {
        if (s.length() > limit) {
            return s.length(); // each char is at least one byte
        }
        int bytes = 0;
        for (int i = 0; i < s.length() && bytes <= limit; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
