package org.canal.cluster.invites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.canal.cluster.CanalCluster;
import org.canal.cluster.TestClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invites in a real Hazelcast member on 127.0.0.1: expiry, use counts, revocation, no secret stored. */
class InviteStoreTest {
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static Vertx vertx;
    static HazelcastInstance member;
    static InviteStore store;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        member = CanalCluster.start(vertx, TestClusters.single()).await(60, TimeUnit.SECONDS);
        store = InviteStore.create(vertx, member);
    }

    @AfterAll
    static void stop() throws Exception {
        CanalCluster.stop(vertx, member).await(60, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    static NewInvite invite(String channel, Duration validity, int maxUses) {
        return new NewInvite("acme", channel, T0.plus(validity), maxUses, List.of("subscribe", "publish:audio"), "mod-1");
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.await(30, TimeUnit.SECONDS);
    }

    static InviteRefusal refusal(Future<?> future) {
        Throwable failure = future.toCompletionStage().toCompletableFuture().handle((ok, error) -> error).join();
        assertThat(failure).isInstanceOf(InviteRefusedException.class);
        return ((InviteRefusedException) failure).reason();
    }

    @Test
    void redeemingReturnsTheChannelAndGrantsAndCountsTheUse() throws Exception {
        CreatedInvite created = await(store.create(invite("standup", Duration.ofHours(1), 0), T0));
        assertThat(created.secret()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(created.toString()).doesNotContain(created.secret());

        RedeemedInvite redeemed = await(store.redeem(created.secret(), T0.plusSeconds(1)));
        assertThat(redeemed.server()).isEqualTo("acme");
        assertThat(redeemed.channel()).isEqualTo("standup");
        assertThat(redeemed.grants()).containsExactly("join", "publish:audio", "subscribe");
        assertThat(redeemed.inviteId()).isEqualTo(created.invite().id());
        await(store.redeem(created.secret(), T0.plusSeconds(2)));

        InviteSummary listed = await(store.list("acme", "standup")).stream()
                .filter(s -> s.id().equals(created.invite().id())).findFirst().orElseThrow();
        assertThat(listed.uses()).isEqualTo(2);
        assertThat(listed.maxUses()).isZero();
        assertThat(listed.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)).toEpochMilli());
        assertThat(listed.createdAt()).isEqualTo(T0.toEpochMilli());
        assertThat(listed.createdBy()).isEqualTo("mod-1");
    }

    @Test
    void anExpiredInviteIsRefusedFromItsExpiryOn() throws Exception {
        CreatedInvite created = await(store.create(invite("expiring", Duration.ofMinutes(10), 0), T0));
        assertThat(await(store.redeem(created.secret(), T0.plus(Duration.ofMinutes(10)).minusMillis(1)))).isNotNull();
        assertThat(refusal(store.redeem(created.secret(), T0.plus(Duration.ofMinutes(10)))))
                .isEqualTo(InviteRefusal.INVITE_EXPIRED);
        assertThat(refusal(store.redeem(created.secret(), T0.plus(Duration.ofDays(3)))))
                .isEqualTo(InviteRefusal.INVITE_EXPIRED);
    }

    @Test
    void aTwoUseInviteRefusesTheThirdRedemption() throws Exception {
        CreatedInvite created = await(store.create(invite("twice", Duration.ofHours(1), 2), T0));
        await(store.redeem(created.secret(), T0));
        await(store.redeem(created.secret(), T0));
        assertThat(refusal(store.redeem(created.secret(), T0))).isEqualTo(InviteRefusal.INVITE_USED_UP);
        assertThat(await(store.list("acme", "twice")).get(0).uses()).isEqualTo(2);
    }

    @Test
    void concurrentRedemptionsNeverExceedMaxUses() throws Exception {
        CreatedInvite created = await(store.create(invite("rush", Duration.ofHours(1), 5), T0));
        List<Future<RedeemedInvite>> attempts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            attempts.add(store.redeem(created.secret(), T0));
        }
        Future.join(attempts).otherwiseEmpty().await(30, TimeUnit.SECONDS); // all done, some refused
        assertThat(attempts.stream().filter(Future::succeeded).count()).isEqualTo(5);
        assertThat(attempts.stream().filter(Future::failed).map(InviteStoreTest::refusal))
                .hasSize(35).containsOnly(InviteRefusal.INVITE_USED_UP);
    }

    @Test
    void aRevokedInviteIsRefusedAndListedAsRevoked() throws Exception {
        CreatedInvite created = await(store.create(invite("revoked", Duration.ofHours(1), 0), T0));
        await(store.redeem(created.secret(), T0));
        await(store.revoke(created.invite().id()));
        assertThat(refusal(store.redeem(created.secret(), T0))).isEqualTo(InviteRefusal.INVITE_REVOKED);
        assertThat(await(store.list("acme", "revoked"))).singleElement()
                .satisfies(s -> assertThat(s.revoked()).isTrue());
        assertThat(refusal(store.revoke("inv_no-such-invite"))).isEqualTo(InviteRefusal.INVITE_UNKNOWN);
    }

    @Test
    void anUnknownOrMalformedSecretIsRefusedAsUnknown() {
        String unknown = InviteSecrets.newSecret();
        assertThat(refusal(store.redeem(unknown, T0))).isEqualTo(InviteRefusal.INVITE_UNKNOWN);
        assertThat(refusal(store.redeem("not a secret", T0))).isEqualTo(InviteRefusal.INVITE_UNKNOWN);
        assertThat(refusal(store.redeem(null, T0))).isEqualTo(InviteRefusal.INVITE_UNKNOWN);
    }

    @Test
    void listingIsPerChannelAndCreatingAnExpiredInviteIsRefused() throws Exception {
        CreatedInvite first = await(store.create(invite("listed", Duration.ofHours(1), 3), T0));
        CreatedInvite second = await(store.create(invite("listed", Duration.ofHours(2), 0), T0.plusSeconds(5)));
        await(store.create(invite("other", Duration.ofHours(1), 0), T0));
        assertThat(await(store.list("acme", "listed"))).extracting(InviteSummary::id)
                .containsExactly(first.invite().id(), second.invite().id());
        assertThat(await(store.list("acme", "nobody"))).isEmpty();
        assertThatThrownBy(() -> await(store.create(invite("late", Duration.ofHours(1), 0), T0.plus(Duration.ofHours(1)))))
                .hasMessageContaining("already be expired");
        assertThatThrownBy(() -> new NewInvite("acme", "c", T0, 0, List.of("fly"), "m")).hasMessageContaining("unknown grant");
    }

    @Test
    void theMapHoldsOnlyHashesOfSecrets() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            secrets.add(await(store.create(invite("hashed", Duration.ofHours(1), 0), T0)).secret());
        }
        IMap<String, StoredInvite> map = member.getMap(InviteStore.MAP_NAME);
        String keys = String.join("\n", map.keySet());
        StringBuilder values = new StringBuilder();
        for (StoredInvite value : map.values()) {
            values.append(value).append('\n');
            ByteArrayOutputStream serialized = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
                out.writeObject(value);
            }
            values.append(serialized.toString(StandardCharsets.ISO_8859_1)).append('\n');
        }
        for (String secret : secrets) {
            assertThat(keys).doesNotContain(secret).contains(InviteSecrets.hash(secret));
            assertThat(values.toString()).doesNotContain(secret).doesNotContain(InviteSecrets.hash(secret));
        }
    }
}
