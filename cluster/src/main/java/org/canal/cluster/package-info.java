/**
 * Cluster: the node's embedded Hazelcast member ({@link org.canal.cluster.CanalCluster}) and the state
 * every node must agree on, starting with invites ({@link org.canal.cluster.invites}). The placement of
 * each channel's call on one node and node load arrive with the clustering issues, on the same member.
 */
package org.canal.cluster;
