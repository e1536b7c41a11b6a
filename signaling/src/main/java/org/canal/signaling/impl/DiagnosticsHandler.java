package org.canal.signaling.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.canal.media.api.CallStats;
import org.canal.media.api.MediaCommand;
import org.canal.signaling.Ids;

/**
 * {@code GET /diagnostics/calls/:server/:channel}: the call's sessions (participant ids, negotiation
 * state, the latest {@code stats} report of each) with the media engine's {@code DescribeCall}
 * counters, and the node's refusal counts. Shows no display names, tokens, secrets, session ids or
 * addresses.
 */
final class DiagnosticsHandler implements Handler<RoutingContext> {
    private final SignalingImpl node;

    DiagnosticsHandler(SignalingImpl node) {
        this.node = node;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String server = ctx.pathParam("server");
        String channel = ctx.pathParam("channel");
        if (!Ids.isValid(server) || !Ids.isValid(channel)) {
            reply(ctx, 400, new JsonObject().put("error", "BAD_CALL_ID"));
            return;
        }
        Call call = node.call(server + '/' + channel);
        if (call == null) {
            reply(ctx, 404, new JsonObject().put("error", "UNKNOWN_CALL"));
            return;
        }
        Context requestContext = Vertx.currentContext();
        call.execute(() -> {
            JsonObject description = call.describe().put("refusals", node.refusals().toJson())
                    .put("rateLimited", node.limits().toJson());
            Map<String, String> participants = call.participantsBySession();
            node.media().send(new MediaCommand.DescribeCall(call.callId)).onComplete(ar -> {
                if (ar.succeeded()) {
                    description.put("media", media(ar.result(), participants));
                } else {
                    description.put("media", null).put("mediaError", String.valueOf(ar.cause().getMessage()));
                }
                requestContext.runOnContext(v -> reply(ctx, 200, description));
            });
        });
    }

    private static JsonObject media(CallStats stats, Map<String, String> participants) {
        JsonArray transports = new JsonArray();
        for (CallStats.TransportStats t : stats.transports()) {
            JsonObject drops = new JsonObject();
            t.drops().forEach(drops::put);
            transports.add(new JsonObject()
                    .put("transport", t.transportId())
                    .put("participant", participants.get(t.sessionId()))
                    .put("direction", t.direction().name().toLowerCase(java.util.Locale.ROOT))
                    .put("state", t.state())
                    .put("srtpProfile", t.srtpProfile())
                    .put("rtpPacketsReceived", t.rtpPacketsReceived())
                    .put("rtpPacketsSent", t.rtpPacketsSent())
                    .put("rtcpPacketsReceived", t.rtcpPacketsReceived())
                    .put("rtcpPacketsSent", t.rtcpPacketsSent())
                    .put("iceRestarts", t.iceRestarts())
                    .put("iceRestartsCompleted", t.iceRestartsCompleted())
                    .put("selectedAddressChanges", t.selectedAddressChanges())
                    .put("drops", drops));
        }
        return new JsonObject().put("loop", stats.loopIndex()).put("transports", transports);
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(body.encodePrettily());
    }
}
