package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may join a call, as its moderators set it, over real WebSockets: lock (resumes still work),
 * the participant limit, invite-only; each refusal closes the socket with its own code, and every
 * participant is told of policy changes.
 */
@ExtendWith(VertxExtension.class)
class ChannelPolicyTest {
    private SignalingNode node;

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private static JsonObject policy(int max, boolean locked, boolean inviteOnly) {
        return new JsonObject().put("maxParticipants", max).put("locked", locked).put("inviteOnly", inviteOnly)
                .put("p2p", "direct");
    }

    @Test
    void aLockedCallRefusesNewJoinsButResumesWork(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient mo = node.client();
        JsonObject moJoined = Moderators.join(node, mo, "mo", "l", "Mo", Moderators.MODERATOR);
        assertThat(moJoined.getJsonObject("policy")).isEqualTo(policy(50, false, false));
        WsClient ana = node.client();
        JsonObject anaJoined = Moderators.join(node, ana, "ana", "l", "Ana", Grants.PARTICIPANT);
        mo.next("participantJoined");

        mo.send(Moderators.moderate("m1", "lock"));
        JsonObject moderated = mo.next("moderated");
        assertThat(moderated.getString("result")).isEqualTo("done");
        assertThat(moderated.getJsonObject("policy")).isEqualTo(policy(50, true, false));
        JsonObject told = ana.next("channelPolicy");
        assertThat(told.getJsonObject("policy")).isEqualTo(policy(50, true, false));
        assertThat(told.getString("by")).isEqualTo("mo");
        assertThat(mo.next("channelPolicy").getJsonObject("policy").getBoolean("locked")).isTrue();

        WsClient cy = node.client();
        cy.send(SignalingNode.join(Moderators.token(node, "cy", "l", Grants.PARTICIPANT, false), "Cy"));
        cy.error(ErrorCode.CHANNEL_LOCKED);
        assertThat(cy.awaitClosed()).isTrue();
        mo.expectSilence(200);

        // Ana's socket drops; her session resumes on a new one although the call is locked
        ana.drop();
        assertThat(mo.next("participantReconnecting").getString("participant")).isEqualTo("ana");
        WsClient anaAgain = node.client();
        anaAgain.send(new JsonObject().put("type", "resume").put("session", anaJoined.getString("session"))
                .put("resume", anaJoined.getString("resume")));
        JsonObject resumed = anaAgain.next("joined");
        assertThat(resumed.getString("session")).isEqualTo(anaJoined.getString("session"));
        assertThat(resumed.getJsonObject("policy").getBoolean("locked")).isTrue();
        assertThat(mo.next("participantReconnected").getString("participant")).isEqualTo("ana");

        mo.send(Moderators.moderate("m2", "lock"));
        assertThat(mo.next("moderated").getString("result")).isEqualTo("unchanged");
        mo.send(Moderators.moderate("m3", "unlock"));
        assertThat(mo.next("moderated").getString("result")).isEqualTo("done");
        assertThat(anaAgain.next("channelPolicy").getJsonObject("policy").getBoolean("locked")).isFalse();
        WsClient cyAgain = node.client();
        Moderators.join(node, cyAgain, "cy", "l", "Cy", Grants.PARTICIPANT);
        mo.close();
        anaAgain.close();
        cyAgain.close();
    }

    @Test
    void aFullCallRefusesTheNextJoinUntilAModeratorRaisesTheLimit(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, SignalingNode.defaultOptions("node-full").withMaxParticipants(2));
        WsClient mo = node.client();
        assertThat(Moderators.join(node, mo, "mo", "f", "Mo", Moderators.MODERATOR).getJsonObject("policy"))
                .isEqualTo(policy(2, false, false));
        WsClient ana = node.client();
        Moderators.join(node, ana, "ana", "f", "Ana", Grants.PARTICIPANT);
        mo.next("participantJoined");

        WsClient cy = node.client();
        cy.send(SignalingNode.join(Moderators.token(node, "cy", "f", Grants.PARTICIPANT, false), "Cy"));
        cy.error(ErrorCode.CHANNEL_FULL);
        assertThat(cy.awaitClosed()).isTrue();

        // a participant already in the call may rejoin (a reloaded page): it adds no one
        WsClient anaReloaded = node.client();
        Moderators.join(node, anaReloaded, "ana", "f", "Ana", Grants.PARTICIPANT);
        assertThat(ana.next("left").getString("reason")).isEqualTo("replaced");
        mo.next("participantLeft");
        mo.next("participantJoined");

        mo.send(Moderators.moderate("m1", "setMaxParticipants").put("value", 3));
        assertThat(mo.next("moderated").getJsonObject("policy")).isEqualTo(policy(3, false, false));
        assertThat(mo.next("channelPolicy").getJsonObject("policy")).isEqualTo(policy(3, false, false));
        WsClient cyAgain = node.client();
        Moderators.join(node, cyAgain, "cy", "f", "Cy", Grants.PARTICIPANT);
        mo.next("participantJoined");
        WsClient dee = node.client();
        dee.send(SignalingNode.join(Moderators.token(node, "dee", "f", Grants.PARTICIPANT, false), "Dee"));
        dee.error(ErrorCode.CHANNEL_FULL);

        // lowering the limit removes no one
        mo.send(Moderators.moderate("m2", "setMaxParticipants").put("value", 1));
        assertThat(mo.next("moderated").getString("result")).isEqualTo("done");
        assertThat(node.diagnostics("f").getJsonArray("sessions")).hasSize(3);
        mo.close();
        anaReloaded.close();
        cyAgain.close();
    }

    @Test
    void anInviteOnlyCallAdmitsOnlyInviteMintedTokens(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient mo = node.client();
        Moderators.join(node, mo, "mo", "i", "Mo", Moderators.MODERATOR);
        mo.send(Moderators.moderate("m1", "setInviteOnly").put("value", true));
        assertThat(mo.next("moderated").getJsonObject("policy")).isEqualTo(policy(50, false, true));
        mo.next("channelPolicy");

        WsClient plain = node.client();
        plain.send(SignalingNode.join(Moderators.token(node, "ana", "i", Grants.PARTICIPANT, false), "Ana"));
        plain.error(ErrorCode.INVITE_ONLY);
        assertThat(plain.awaitClosed()).isTrue();

        WsClient invited = node.client();
        invited.send(SignalingNode.join(Moderators.token(node, "ana", "i", Grants.PARTICIPANT, true), "Ana"));
        assertThat(invited.next("joined").getJsonObject("self").getString("id")).isEqualTo("ana");
        mo.next("participantJoined");

        // a dev invite link is an invite too
        WsClient guest = node.client();
        assertThat(node.joinInvite(guest, "i", "Guest").getJsonObject("self").getString("id")).startsWith("guest-");

        // 'via' may only say "invite"
        JsonObject claims = ForgedTokens.claims("i").put("via", "platform");
        claims.remove("invite");
        claims.put("sub", "bo");
        WsClient forged = node.client();
        forged.send(SignalingNode.join(ForgedTokens.hs256(claims), "Bo"));
        forged.error(ErrorCode.TOKEN_MALFORMED);
        mo.close();
        invited.close();
        guest.close();
    }
}
