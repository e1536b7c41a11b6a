/**
 * Invites in Hazelcast: a moderator creates one for a channel, people redeem its secret for a short-lived
 * join token. Only a hash of each secret is stored; redeeming counts a use atomically on the partition
 * that owns the invite, so every node sees one count and one revocation (docs/invites.md).
 */
package org.canal.cluster.invites;
