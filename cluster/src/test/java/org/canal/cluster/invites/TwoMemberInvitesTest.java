package org.canal.cluster.invites;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.canal.cluster.CanalCluster;
import org.canal.cluster.ClusterOptions;
import org.canal.cluster.TestClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real members on 127.0.0.1, as two nodes: what one does to an invite holds on the other, and uses
 * are counted once across both.
 */
class TwoMemberInvitesTest {
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static Vertx vertxA;
    static Vertx vertxB;
    static HazelcastInstance memberA;
    static HazelcastInstance memberB;
    static InviteStore nodeA;
    static InviteStore nodeB;

    @BeforeAll
    static void start() throws Exception {
        List<ClusterOptions> options = TestClusters.group(2);
        vertxA = Vertx.vertx();
        vertxB = Vertx.vertx();
        memberA = CanalCluster.start(vertxA, options.get(0)).await(60, TimeUnit.SECONDS);
        memberB = CanalCluster.start(vertxB, options.get(1)).await(60, TimeUnit.SECONDS);
        assertThat(memberA.getCluster().getMembers()).hasSize(2);
        nodeA = InviteStore.create(vertxA, memberA);
        nodeB = InviteStore.create(vertxB, memberB);
    }

    @AfterAll
    static void stop() throws Exception {
        CanalCluster.stop(vertxB, memberB).await(60, TimeUnit.SECONDS);
        CanalCluster.stop(vertxA, memberA).await(60, TimeUnit.SECONDS);
        vertxA.close().await(30, TimeUnit.SECONDS);
        vertxB.close().await(30, TimeUnit.SECONDS);
    }

    static NewInvite invite(String channel, int maxUses) {
        return new NewInvite("acme", channel, T0.plus(Duration.ofHours(1)), maxUses, List.of(), "mod-1");
    }

    @Test
    void aRevocationOnOneNodeHoldsOnTheOther() throws Exception {
        CreatedInvite created = nodeA.create(invite("revoke-across", 0), T0).await(30, TimeUnit.SECONDS);
        assertThat(nodeB.redeem(created.secret(), T0).await(30, TimeUnit.SECONDS).channel()).isEqualTo("revoke-across");
        nodeB.revoke(created.invite().id()).await(30, TimeUnit.SECONDS);
        assertThat(InviteStoreTest.refusal(nodeA.redeem(created.secret(), T0))).isEqualTo(InviteRefusal.INVITE_REVOKED);
        assertThat(InviteStoreTest.refusal(nodeB.redeem(created.secret(), T0))).isEqualTo(InviteRefusal.INVITE_REVOKED);
    }

    @Test
    void usesAreCountedOnceAcrossBothNodes() throws Exception {
        CreatedInvite created = nodeB.create(invite("count-across", 6), T0).await(30, TimeUnit.SECONDS);
        List<Future<RedeemedInvite>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(nodeA.redeem(created.secret(), T0));
            attempts.add(nodeB.redeem(created.secret(), T0));
        }
        Future.join(attempts).otherwiseEmpty().await(30, TimeUnit.SECONDS); // all done, some refused
        assertThat(attempts.stream().filter(Future::succeeded).count()).isEqualTo(6);
        assertThat(nodeA.list("acme", "count-across").await(30, TimeUnit.SECONDS)).singleElement()
                .satisfies(s -> assertThat(s.uses()).isEqualTo(6));
        assertThat(nodeB.list("acme", "count-across").await(30, TimeUnit.SECONDS)).singleElement()
                .satisfies(s -> assertThat(s.uses()).isEqualTo(6));
    }
}
