package org.canal.cluster.invites;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Invites in the Hazelcast map {@value #MAP_NAME}, keyed by the SHA-256 of each secret (never the secret).
 * Redeeming and revoking are entry processors on the owning partition, hence atomic across nodes;
 * creating is one asynchronous write. Listing and revoking by id scan the map, so they run on a worker
 * thread: they are rare moderator actions, not part of a join.
 *
 * <p>Every method takes the current time as an argument (tests move it) and returns a Vert.x future
 * completed on the caller's context; none blocks an event loop.
 */
public final class InviteStore {
    public static final String MAP_NAME = "canal.invites";
    /**
     * How long an invite stays in the map after it expires, so that using it says EXPIRED rather than
     * UNKNOWN for a while; then Hazelcast drops it.
     */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    private final Vertx vertx;
    private final IMap<String, StoredInvite> invites;

    private InviteStore(Vertx vertx, IMap<String, StoredInvite> invites) {
        this.vertx = vertx;
        this.invites = invites;
    }

    public static InviteStore create(Vertx vertx, HazelcastInstance member) {
        return new InviteStore(vertx, member.getMap(MAP_NAME));
    }

    /** Stores a new invite and returns its secret, once. */
    public Future<CreatedInvite> create(NewInvite request, Instant now) {
        if (!request.expiresAt().isAfter(now)) {
            return Future.failedFuture(new IllegalArgumentException("the invite would already be expired"));
        }
        String secret = InviteSecrets.newSecret();
        StoredInvite invite = new StoredInvite(InviteSecrets.newId(), request.server(), request.channel(),
                request.grants(), request.createdBy(), now.toEpochMilli(), request.expiresAt().toEpochMilli(),
                request.maxUses(), 0, false);
        long ttl = Duration.between(now, request.expiresAt()).plus(KEPT_AFTER_EXPIRY).toMillis();
        return Future.fromCompletionStage(invites.setAsync(InviteSecrets.hash(secret), invite, ttl, TimeUnit.MILLISECONDS),
                vertx.getOrCreateContext()).map(stored -> new CreatedInvite(secret, invite.summary()));
    }

    /**
     * Uses the invite whose secret this is once, or fails with {@link InviteRefusedException}. A
     * malformed secret is refused as unknown without asking the cluster.
     */
    public Future<RedeemedInvite> redeem(String secret, Instant now) {
        if (!InviteSecrets.wellFormed(secret)) {
            return Future.failedFuture(new InviteRefusedException(InviteRefusal.INVITE_UNKNOWN));
        }
        return Future.fromCompletionStage(invites.submitToKey(InviteSecrets.hash(secret), new RedeemProcessor(now.toEpochMilli())),
                vertx.getOrCreateContext()).compose(outcome -> outcome instanceof RedeemedInvite redeemed
                        ? Future.succeededFuture(redeemed)
                        : Future.failedFuture(new InviteRefusedException((InviteRefusal) outcome)));
    }

    /** The invites of one channel, revoked and expired ones included, oldest first. */
    public Future<List<InviteSummary>> list(String server, String channel) {
        return vertx.executeBlocking(() -> invites.values(InviteFilter.byChannel(server, channel)).stream()
                .map(StoredInvite::summary)
                .sorted(Comparator.comparingLong(InviteSummary::createdAt).thenComparing(InviteSummary::id))
                .toList(), false);
    }

    /** Revokes an invite by id; fails with {@link InviteRefusal#INVITE_UNKNOWN} when there is none. */
    public Future<Void> revoke(String inviteId) {
        return vertx.<Map<String, Boolean>>executeBlocking(
                () -> invites.executeOnEntries(new RevokeProcessor(), InviteFilter.byId(inviteId)), false)
                .compose(revoked -> revoked.containsValue(Boolean.TRUE) ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new InviteRefusedException(InviteRefusal.INVITE_UNKNOWN)));
    }
}
