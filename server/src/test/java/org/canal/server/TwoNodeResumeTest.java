package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes (HTTPS, media engine, signaling) whose Hazelcast members form one cluster on
 * 127.0.0.1: a resume sent to the node that does not host the session is refused with
 * {@code SESSION_ON_OTHER_NODE} naming the node that does, which resumes it; once the session left,
 * neither node knows it.
 */
class TwoNodeResumeTest {
    static final long WAIT_SECONDS = 30;
    @TempDir
    static Path homes;
    static CanalNode nodeA;
    static CanalNode nodeB;
    static Vertx client;

    @BeforeAll
    static void start() throws Exception {
        String cluster = "canal-test-" + UUID.randomUUID().toString().substring(0, 12);
        int portA = TestNodes.freePort();
        int portB = TestNodes.freePort();
        nodeA = CanalNode.start(options("node-a", cluster, portA, portB)).await(60, TimeUnit.SECONDS);
        nodeB = CanalNode.start(options("node-b", cluster, portB, portA)).await(60, TimeUnit.SECONDS);
        client = Vertx.vertx();
    }

    static NodeOptions options(String nodeId, String cluster, int port, int otherPort) {
        Map<String, String> environment = Map.of("CANAL_HOME", homes.resolve(nodeId).toString(),
                "CANAL_NODE_ID", nodeId, "CANAL_HTTPS_PORT", "0", "CANAL_CLUSTER_NAME", cluster,
                "CANAL_CLUSTER_PORT", Integer.toString(port), "CANAL_CLUSTER_PORT_COUNT", "1",
                "CANAL_CLUSTER_MEMBERS", "127.0.0.1:" + port + ",127.0.0.1:" + otherPort);
        return NodeOptionsLoader.load(true, Optional.empty(), environment);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close().await(30, TimeUnit.SECONDS);
        }
        if (nodeB != null) {
            nodeB.close().await(60, TimeUnit.SECONDS);
        }
        if (nodeA != null) {
            nodeA.close().await(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void onlyTheHostingNodeResumesASessionAndTheOtherNamesIt() throws Exception {
        JsonObject joined;
        try (NodeSocket ana = NodeSocket.open(client, nodeA)) {
            ana.send(new JsonObject().put("type", "join").put("v", 1).put("name", "Ana")
                    .put("token", nodeA.tokens().join("ana", "acme", "standup", Duration.ofMinutes(5))));
            joined = ana.next("joined");
        } // the socket drops; the session waits for a resume

        JsonObject resume = new JsonObject().put("type", "resume").put("id", "r")
                .put("session", joined.getString("session")).put("resume", joined.getString("resume"));
        try (NodeSocket atB = NodeSocket.open(client, nodeB)) {
            atB.send(resume);
            JsonObject refused = atB.next("error");
            assertThat(refused.getString("code")).isEqualTo("SESSION_ON_OTHER_NODE");
            assertThat(refused.getString("node")).isEqualTo("node-a");
        }
        try (NodeSocket wrong = NodeSocket.open(client, nodeB)) {
            wrong.send(resume.copy().put("resume", "x".repeat(43)));
            JsonObject refused = wrong.next("error");
            assertThat(refused.getString("code")).isEqualTo("UNKNOWN_SESSION");
            assertThat(refused.containsKey("node")).isFalse();
        }
        try (NodeSocket atA = NodeSocket.open(client, nodeA)) {
            atA.send(resume);
            JsonObject resumed = atA.next("joined");
            assertThat(resumed.getString("session")).isEqualTo(joined.getString("session"));
            assertThat(resumed.getJsonObject("self").getString("id")).isEqualTo("ana");
            atA.send(new JsonObject().put("type", "leave").put("id", "l"));
            atA.next("left");
        }
        // left: its entry goes from the cluster, so the other node no longer points anywhere
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        String code;
        do {
            try (NodeSocket late = NodeSocket.open(client, nodeB)) {
                late.send(resume);
                code = late.next("error").getString("code");
            }
        } while (!code.equals("UNKNOWN_SESSION") && System.nanoTime() < deadline);
        assertThat(code).isEqualTo("UNKNOWN_SESSION");
    }
}
