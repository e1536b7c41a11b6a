package org.canal.cluster.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.canal.cluster.CanalCluster;
import org.canal.cluster.ClusterOptions;
import org.canal.cluster.TestClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real members on 127.0.0.1, as nodes of one cluster: a session one node writes is found by the other,
 * its removal holds everywhere, and the sessions of a member that leaves (shut down, or killed without
 * a word) disappear from the map the others keep.
 */
class TwoMemberSessionMapTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static List<ClusterOptions> options;
    static Vertx vertxA;
    static Vertx vertxB;
    static HazelcastInstance memberA;
    static HazelcastInstance memberB;
    static SessionMap nodeA;
    static SessionMap nodeB;

    @BeforeAll
    static void start() throws Exception {
        // A and B stay up; the two other option sets are for members that come and go
        options = TestClusters.group(4);
        vertxA = Vertx.vertx();
        vertxB = Vertx.vertx();
        memberA = CanalCluster.start(vertxA, options.get(0)).await(60, TimeUnit.SECONDS);
        memberB = CanalCluster.start(vertxB, options.get(1)).await(60, TimeUnit.SECONDS);
        assertThat(memberA.getCluster().getMembers()).hasSize(2);
        nodeA = SessionMap.create(vertxA, memberA);
        nodeB = SessionMap.create(vertxB, memberB);
    }

    @AfterAll
    static void stop() throws Exception {
        nodeA.close();
        nodeB.close();
        CanalCluster.stop(vertxB, memberB).await(60, TimeUnit.SECONDS);
        CanalCluster.stop(vertxA, memberA).await(60, TimeUnit.SECONDS);
        vertxA.close().await(30, TimeUnit.SECONDS);
        vertxB.close().await(30, TimeUnit.SECONDS);
    }

    static SessionLocation location(String node, String participant) {
        return new SessionLocation(randomHash(), node, "acme/" + participant, participant);
    }

    static String randomHash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    @Test
    void aSessionWrittenByOneNodeIsFoundByTheOtherUntilRemoved() throws Exception {
        SessionLocation written = location("node-a", "ana");
        nodeA.put("session-ana", written).await(30, TimeUnit.SECONDS);
        assertThat(nodeB.get("session-ana").await(30, TimeUnit.SECONDS)).isEqualTo(written);

        nodeB.remove("session-ana").await(30, TimeUnit.SECONDS);
        assertThat(nodeA.get("session-ana").await(30, TimeUnit.SECONDS)).isNull();
        assertThat(nodeB.get("session-ana").await(30, TimeUnit.SECONDS)).isNull();
        nodeA.remove("session-ana").await(30, TimeUnit.SECONDS); // removing what is gone is fine
    }

    @Test
    void theSessionsOfAMemberThatShutsDownDisappear() throws Exception {
        leavingMemberLosesItsSessions(2, "node-c", member -> CanalCluster.stop(vertxA, member).await(60, TimeUnit.SECONDS));
    }

    @Test
    void theSessionsOfAMemberKilledWithoutAWordDisappear() throws Exception {
        // terminate: no graceful leave, no partition hand-over; the backups on A and B keep the entries
        leavingMemberLosesItsSessions(3, "node-d", member -> member.getLifecycleService().terminate());
    }

    interface Departure {
        void leave(HazelcastInstance member) throws Exception;
    }

    private void leavingMemberLosesItsSessions(int optionIndex, String nodeId, Departure departure) throws Exception {
        HazelcastInstance member = CanalCluster.start(vertxA, options.get(optionIndex)).await(60, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> memberA.getCluster().getMembers().size() == 3);
        SessionMap leaving = SessionMap.create(vertxA, member);
        for (int i = 0; i < 20; i++) {
            leaving.put(nodeId + "-session-" + i, location(nodeId, "p" + i)).await(30, TimeUnit.SECONDS);
        }
        SessionLocation staying = location("node-b", "stays-" + nodeId);
        nodeB.put("stays-" + nodeId, staying).await(30, TimeUnit.SECONDS);
        assertThat(nodeA.get(nodeId + "-session-7").await(30, TimeUnit.SECONDS).nodeId()).isEqualTo(nodeId);

        leaving.close();
        departure.leave(member);

        await().atMost(WAIT).untilAsserted(() -> {
            for (int i = 0; i < 20; i++) {
                assertThat(nodeA.get(nodeId + "-session-" + i).await(30, TimeUnit.SECONDS)).isNull();
                assertThat(nodeB.get(nodeId + "-session-" + i).await(30, TimeUnit.SECONDS)).isNull();
            }
        });
        assertThat(nodeA.get("stays-" + nodeId).await(30, TimeUnit.SECONDS)).isEqualTo(staying);
        nodeB.remove("stays-" + nodeId).await(30, TimeUnit.SECONDS);
    }
}
