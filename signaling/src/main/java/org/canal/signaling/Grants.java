package org.canal.signaling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a join token allows its holder in the call (the {@code grants} claim, docs/tokens.md): to join,
 * to publish audio, video and screen separately, to subscribe to the others, to moderate. A session
 * keeps the grants of the token it joined with.
 *
 * @param join whether the token may join at all ({@code false}: refused with TOKEN_NOT_ALLOWED)
 * @param publish the kinds of media the session may send; empty for a listener
 * @param subscribe whether the session receives the others' media
 * @param moderate whether the session may act on others (moderation is later work; carried now)
 */
public record Grants(boolean join, Set<Publish> publish, boolean subscribe, boolean moderate) {
    /** The most entries accepted in the claim's {@code publish} array (duplicates included). */
    static final int MAX_PUBLISH_ENTRIES = 8;

    /** A kind of media a session may publish; its claim value is the lower-case name. */
    public enum Publish {
        AUDIO, VIDEO, SCREEN;

        public String claim() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an HS256 token without {@code grants} gets: join, publish everything, subscribe, no moderation. */
    public static final Grants PARTICIPANT = new Grants(true, EnumSet.allOf(Publish.class), true, false);

    /** Join and subscribe only: a listener. */
    public static final Grants LISTENER = new Grants(true, EnumSet.noneOf(Publish.class), true, false);

    public Grants {
        Objects.requireNonNull(publish, "publish");
        EnumSet<Publish> copy = EnumSet.noneOf(Publish.class);
        copy.addAll(publish);
        publish = Collections.unmodifiableSet(copy);
    }

    /** Whether the session may publish {@code kind}. */
    public boolean mayPublish(Publish kind) {
        return publish.contains(kind);
    }

    /** The claim's JSON form: {@code {"join":true,"publish":["audio"],"subscribe":true,"moderate":false}}. */
    public JsonObject toJson() {
        JsonArray kinds = new JsonArray();
        publish.forEach(p -> kinds.add(p.claim()));
        return new JsonObject().put("join", join).put("publish", kinds).put("subscribe", subscribe)
                .put("moderate", moderate);
    }

    /**
     * Reads the {@code grants} claim. Every field is optional and means "not granted" when absent
     * (least privilege); fields of another type, or an unknown kind in {@code publish}, are refused;
     * unknown fields are ignored so that platforms may send grants of later versions.
     *
     * @throws IllegalArgumentException saying which field is wrong
     */
    public static Grants fromJson(JsonObject claim) {
        Object publish = claim.getValue("publish");
        EnumSet<Publish> kinds = EnumSet.noneOf(Publish.class);
        if (publish != null) {
            if (!(publish instanceof JsonArray list) || list.size() > MAX_PUBLISH_ENTRIES) {
                throw new IllegalArgumentException("'grants.publish' must be an array of at most "
                        + MAX_PUBLISH_ENTRIES + " of \"audio\", \"video\", \"screen\"");
            }
            for (Object entry : list) {
                kinds.add(kind(entry));
            }
        }
        return new Grants(flag(claim, "join"), kinds, flag(claim, "subscribe"), flag(claim, "moderate"));
    }

    private static Publish kind(Object entry) {
        for (Publish p : Publish.values()) {
            if (p.claim().equals(entry)) {
                return p;
            }
        }
        throw new IllegalArgumentException("'grants.publish' may hold only \"audio\", \"video\" and \"screen\"");
    }

    private static boolean flag(JsonObject claim, String name) {
        Object v = claim.getValue(name);
        if (v != null && !(v instanceof Boolean)) {
            throw new IllegalArgumentException("'grants." + name + "' must be true or false");
        }
        return Boolean.TRUE.equals(v);
    }
}
