/**
 * Cluster: Hazelcast placement of each channel's call on one node, node load, invites and revocations. It arrives with the clustering issues.
 */
package org.canal.cluster;
