package org.canal.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts a node's embedded Hazelcast member. Starting and stopping block (the member binds, joins and
 * migrates partitions), so both run on a Vert.x worker thread. The instance returned is the one a
 * later issue hands to Vert.x's {@code HazelcastClusterManager}; Vert.x itself is not clustered here.
 */
public final class CanalCluster {
    /**
     * Hazelcast logs through java.util.logging, quietly: its banner, partition tables and join chatter
     * stay out of the node's output, warnings and errors do not. Held here so the setting is not
     * garbage-collected with the logger.
     */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    /**
     * Warns at every start that CP data structures would be unsafe; Canal uses none (invites rely on
     * partition-owned entry processors), so the warning says nothing about Canal.
     */
    private static final Logger CP_SUBSYSTEM_LOG = Logger.getLogger("com.hazelcast.cp.CPSubsystem");

    static {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        CP_SUBSYSTEM_LOG.setLevel(Level.SEVERE);
    }

    private CanalCluster() {}

    /** Starts a member on a worker thread. */
    public static Future<HazelcastInstance> start(Vertx vertx, ClusterOptions options) {
        return vertx.executeBlocking(() -> startBlocking(options), false);
    }

    /** Starts a member on the calling thread, which must not be an event loop. */
    public static HazelcastInstance startBlocking(ClusterOptions options) {
        return Hazelcast.newHazelcastInstance(config(options));
    }

    /** Leaves the cluster gracefully (its partitions move to the others first), on a worker thread. */
    public static Future<Void> stop(Vertx vertx, HazelcastInstance member) {
        return vertx.executeBlocking(() -> {
            member.shutdown();
            return null;
        }, false);
    }

    /** The member's configuration: TCP/IP join on the listed members only, bound to one address. */
    static Config config(ClusterOptions options) {
        Config config = new Config();
        config.setClusterName(options.clusterName());
        config.setInstanceName("canal-" + options.clusterName() + "-" + Long.toHexString(System.nanoTime()));
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // The node closes its member itself, in order; a JVM hook of Hazelcast's would race with it.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Listen on the configured address only, not on every interface.
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", options.bindAddress());
        // The member list is explicit; waiting for others to show up first only slows a start.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortCount(options.portCount()).setPortAutoIncrement(options.portCount() > 1);
        network.getInterfaces().setEnabled(true).addInterface(options.bindAddress());
        network.getRestApiConfig().setEnabled(false);
        network.getMemcacheProtocolConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getAwsConfig().setEnabled(false);
        join.getGcpConfig().setEnabled(false);
        join.getAzureConfig().setEnabled(false);
        join.getKubernetesConfig().setEnabled(false);
        join.getEurekaConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(options.members());
        config.getJetConfig().setEnabled(false);
        return config;
    }
}
