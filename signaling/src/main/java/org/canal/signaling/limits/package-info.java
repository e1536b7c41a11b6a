/**
 * Rate limits shared by signaling and the server's HTTP APIs (docs/decisions/0007-rate-limits.md):
 * {@link org.canal.signaling.limits.RateLimit} (a burst and its refill period),
 * {@link org.canal.signaling.limits.TokenBucket} (one bucket, single owner),
 * {@link org.canal.signaling.limits.RateLimiter} (buckets per key in bounded memory) and
 * {@link org.canal.signaling.limits.ClientAddresses} (which address a request counts against). The
 * buckets read no clock of their own, so tests drive them with a fake one; keys stay in memory.
 */
package org.canal.signaling.limits;
