package org.canal.server;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.canal.cluster.invites.Grants;
import org.canal.cluster.invites.InviteRefusedException;
import org.canal.cluster.invites.InviteStore;
import org.canal.cluster.invites.InviteSummary;
import org.canal.cluster.invites.NewInvite;
import org.canal.signaling.Ids;

/**
 * The admin API under {@code /admin/}: invites for now (docs/invites.md). Every request must carry
 * {@code Authorization: Bearer <admin key>}; the key is checked against its Argon2id hash on a small
 * worker pool of its own, so a flood of guesses cannot starve the workers that run DTLS handshakes or
 * block an event loop. Wrong keys are limited per client address ({@code limits.adminFailures}) before
 * anything is hashed, and at most {@value #MAX_PENDING_KEY_CHECKS} checks wait for that pool at once:
 * beyond either, HTTP 429. Neither keys nor invite secrets are logged.
 */
final class AdminApi {
    /** Who created an invite through this API: the one admin credential there is, by role. */
    static final String CREATED_BY = "admin";
    static final int BODY_LIMIT = 16 * 1024;
    private static final int KEY_CHECK_THREADS = 2;
    /** Enough for an operator's scripts; a flood from many addresses queues no more than this. */
    static final int MAX_PENDING_KEY_CHECKS = 32;

    private final AdminKeyHash key;
    private final InviteStore invites;
    private final Function<String, String> linkOfSecret;
    private final Clock clock;
    private final WorkerExecutor keyChecks;
    private final AddressRateLimit failures;
    private final AtomicInteger pendingKeyChecks = new AtomicInteger();

    AdminApi(Vertx vertx, AdminKeyHash key, InviteStore invites, Function<String, String> linkOfSecret, Clock clock,
            AddressRateLimit failures) {
        this.key = key;
        this.failures = failures;
        this.invites = invites;
        this.linkOfSecret = linkOfSecret;
        this.clock = clock;
        this.keyChecks = vertx.createSharedWorkerExecutor("canal-admin-key", KEY_CHECK_THREADS);
    }

    void mount(Router router) {
        // The body is read (at most BODY_LIMIT) before the key check: the check is asynchronous, and a
        // request body that arrived meanwhile would otherwise be lost.
        router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::authenticate);
        router.post("/admin/invites").handler(this::create);
        router.get("/admin/invites").handler(this::list);
        router.delete("/admin/invites/:id").handler(this::revoke);
    }

    void close() {
        keyChecks.close();
    }

    private void authenticate(RoutingContext context) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(context);
            return;
        }
        String presented = header.substring(7).strip();
        // Every check takes a token before hashing and a correct key gives it back: only failures count,
        // and parallel guesses from one address cannot all slip in before the first one fails.
        String client = failures.clientOf(context);
        if (!failures.admit(context, client)) {
            return;
        }
        if (pendingKeyChecks.incrementAndGet() > MAX_PENDING_KEY_CHECKS) {
            pendingKeyChecks.decrementAndGet();
            failures.refund(client);
            AddressRateLimit.tooMany(context, 1);
            return;
        }
        keyChecks.executeBlocking(() -> key.matches(presented), false).onComplete(checked -> {
            pendingKeyChecks.decrementAndGet();
            if (checked.succeeded() && checked.result()) {
                failures.refund(client);
                context.next();
            } else {
                refuse(context);
            }
        });
    }

    private static void refuse(RoutingContext context) {
        context.response().putHeader("WWW-Authenticate", "Bearer realm=\"canal-admin\"");
        HttpErrors.error(context, 401, "UNAUTHORIZED", "the admin API needs the admin key (Authorization: Bearer ...)");
    }

    private void create(RoutingContext context) {
        JsonObject body = HttpErrors.body(context);
        if (body == null) {
            return;
        }
        NewInvite request;
        Instant now = clock.instant();
        try {
            String server = id(body, "server");
            String channel = id(body, "channel");
            Duration expiresIn = expiresIn(body.getValue("expiresIn"));
            Object maxUses = body.getValue("maxUses");
            if (maxUses != null && !(maxUses instanceof Integer)) {
                throw new IllegalArgumentException("maxUses must be a whole number (0 or absent: unlimited)");
            }
            request = new NewInvite(server, channel, now.plus(expiresIn), maxUses == null ? 0 : (Integer) maxUses,
                    grants(body.getValue("grants")), CREATED_BY);
        } catch (IllegalArgumentException | ClassCastException e) {
            HttpErrors.error(context, 400, "BAD_REQUEST", e.getMessage());
            return;
        }
        invites.create(request, now).onSuccess(created -> HttpErrors.json(context, 201, summary(created.invite())
                .put("link", linkOfSecret.apply(created.secret())))).onFailure(context::fail);
    }

    private void list(RoutingContext context) {
        String server = context.queryParams().get("server");
        String channel = context.queryParams().get("channel");
        if (!Ids.isValid(server) || !Ids.isValid(channel)) {
            HttpErrors.error(context, 400, "BAD_REQUEST", "server and channel query parameters are required ids");
            return;
        }
        invites.list(server, channel).onSuccess(found -> {
            JsonArray items = new JsonArray();
            found.forEach(invite -> items.add(summary(invite)));
            HttpErrors.json(context, 200, new JsonObject().put("invites", items));
        }).onFailure(context::fail);
    }

    private void revoke(RoutingContext context) {
        invites.revoke(context.pathParam("id")).onSuccess(done -> {
            context.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
        }).onFailure(failure -> {
            if (failure instanceof InviteRefusedException refused) {
                HttpErrors.error(context, 404, refused.reason().name(), "no invite has this id");
            } else {
                context.fail(failure);
            }
        });
    }

    /** An invite as the API shows it: no secret, no hash; times in ISO-8601. */
    static JsonObject summary(InviteSummary invite) {
        return new JsonObject().put("id", invite.id()).put("server", invite.server()).put("channel", invite.channel())
                .put("grants", new JsonArray(invite.grants())).put("createdBy", invite.createdBy())
                .put("createdAt", Instant.ofEpochMilli(invite.createdAt()).toString())
                .put("expiresAt", Instant.ofEpochMilli(invite.expiresAt()).toString())
                .put("maxUses", invite.maxUses()).put("uses", invite.uses()).put("revoked", invite.revoked());
    }

    private static String id(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String text) || !Ids.isValid(text)) {
            throw new IllegalArgumentException(field + " must be 1-64 characters of A-Z a-z 0-9 . _ ~ -");
        }
        return text;
    }

    /** Seconds as a number, or text like {@code 24h}; default one day. */
    private static Duration expiresIn(Object value) {
        if (value == null) {
            return Duration.ofDays(1);
        }
        if (value instanceof Number seconds) {
            return Durations.parse("expiresIn", seconds.longValue() + "s");
        }
        if (value instanceof String text) {
            return Durations.parse("expiresIn", text);
        }
        throw new IllegalArgumentException("expiresIn must be seconds or text like 24h");
    }

    private static List<String> grants(Object value) {
        if (value == null) {
            return Grants.PARTICIPANT;
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("grants must be an array of names: " + Grants.KNOWN);
        }
        List<String> names = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String name)) {
                throw new IllegalArgumentException("grants must be an array of names: " + Grants.KNOWN);
            }
            names.add(name);
        }
        return names;
    }
}
