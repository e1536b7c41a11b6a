package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The admin key as the node keeps it: Argon2id with a random salt, checked in constant time. */
class AdminKeyHashTest {
    @Test
    void acceptsTheKeyAndNothingElse() {
        String key = "k3y-".repeat(10);
        AdminKeyHash hash = AdminKeyHash.of(key);
        long started = System.nanoTime();
        assertThat(hash.matches(key)).isTrue();
        System.out.printf("Argon2id check (19 MiB, 2 passes): %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(hash.matches(key + " ")).isFalse();
        assertThat(hash.matches(key.substring(1))).isFalse();
        assertThat(hash.matches("")).isFalse();
        assertThat(hash.matches(null)).isFalse();
        assertThat(hash.matches("x".repeat(AdminKeyHash.MAX_PRESENTED_LENGTH + 1))).isFalse();
        assertThat(hash.toString()).doesNotContain(key);
    }

    @Test
    void twoNodesWithTheSameKeyKeepDifferentHashes() {
        String key = "same-key-for-two-nodes-0123456789";
        AdminKeyHash first = AdminKeyHash.of(key);
        AdminKeyHash second = AdminKeyHash.of(key);
        assertThat(first.matches(key)).isTrue();
        assertThat(second.matches(key)).isTrue();
    }
}
