package org.canal.signaling;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log (docs/moderation.md, "Audit log"): a moderation action or a join refused
 * by the channel's policy. It holds opaque ids only, never an address, a display name or a token.
 *
 * @param time when it happened (written ISO-8601 in UTC)
 * @param action what was done or attempted: a {@code moderate} action ({@code kick}, {@code mute},
 *     {@code listenOnly}, {@code lock}, {@code unlock}, {@code setMaxParticipants}, {@code setInviteOnly})
 *     or {@code join} for a refused join
 * @param callId the call, {@code server/channel}
 * @param actor the participant id that acted, or null (a join has no actor)
 * @param target the participant id acted on (for a refused join, the one that tried), or null
 * @param result {@code done}, {@code unchanged}, or the error code of a refusal
 * @param value the action's argument ({@code kind} of a mute, the new limit or flag), or null
 */
public record AuditRecord(Instant time, String action, String callId, String actor, String target, String result,
        Object value) {
    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(result, "result");
    }

    /** The record as one line of JSON, without a line break; absent fields are left out. */
    public String toJsonLine() {
        JsonObject o = new JsonObject().put("time", time.toString()).put("action", action).put("call", callId);
        if (actor != null) {
            o.put("actor", actor);
        }
        if (target != null) {
            o.put("target", target);
        }
        o.put("result", result);
        if (value != null) {
            o.put("value", value);
        }
        return o.encode();
    }
}
