package org.canal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The member's configuration keeps it on the listed members and on loopback, and it really starts there. */
class CanalClusterTest {
    @Test
    void joinsOnlyByTcpIpOnTheListedMembersWithoutPhoningHome() {
        Config config = CanalCluster.config(ClusterOptions.defaults());
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("jdk");
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getNetworkConfig().getRestApiConfig().isEnabled()).isFalse();
        assertThat(config.getJetConfig().isEnabled()).isFalse();
    }

    @Test
    void startsOnAWorkerAndListensOnLoopbackOnly() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ClusterOptions options = TestClusters.single();
            HazelcastInstance member = CanalCluster.start(vertx, options).await(60, TimeUnit.SECONDS);
            try {
                InetSocketAddress address = member.getCluster().getLocalMember().getSocketAddress();
                assertThat(address.getAddress().isLoopbackAddress()).isTrue();
                assertThat(address.getPort()).isEqualTo(options.port());
                assertThat(member.getConfig().getClusterName()).isEqualTo(options.clusterName());
                assertThat(member.getCluster().getMembers()).hasSize(1);
            } finally {
                CanalCluster.stop(vertx, member).await(60, TimeUnit.SECONDS);
            }
            assertThat(member.getLifecycleService().isRunning()).isFalse();
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesOptionsThatCouldNotWork() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterOptions.defaults().withMembers(List.of()))
                .hasMessageContaining("cluster.members");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterOptions.defaults().withPort(0, 1))
                .hasMessageContaining("cluster.port");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterOptions.defaults().withClusterName("a b"))
                .hasMessageContaining("cluster.name");
    }
}
