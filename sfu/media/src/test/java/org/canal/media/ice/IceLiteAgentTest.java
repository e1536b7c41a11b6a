package org.canal.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.canal.protocol.stun.StunIntegrityChecker;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ICE-lite state machine alone: RFC 8445 section 7.3 answers, nomination, switching, RFC 7675 consent. */
class IceLiteAgentTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String LOCAL_UFRAG = "srvU";
    private static final String LOCAL_PWD = "serverpasswordof24chars";
    private static final String REMOTE_UFRAG = "brow";
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 50_000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 50_001);

    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunMessage message = new StunMessage();
    private final byte[] buf = new byte[512];
    private final byte[] txId = new byte[12];
    private IceLiteAgent agent;

    @BeforeEach
    void setUp() {
        agent = new IceLiteAgent(LOCAL_UFRAG, LOCAL_PWD + "x", 30 * SECOND, 3 * SECOND, 0);
        agent.setRemoteUfrag(REMOTE_UFRAG);
    }

    /** A binding request as a controlling browser sends it (RFC 8445 section 7.2.2). */
    private StunMessage request(String username, String pwd, boolean integrity, boolean fingerprint, boolean useCandidate) {
        new SecureRandom().nextBytes(txId);
        writer.start(buf, 0, buf.length, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING, txId, 0);
        if (username != null) {
            byte[] u = username.getBytes(StandardCharsets.US_ASCII);
            writer.username(u, 0, u.length);
        }
        writer.priority(1_853_824_767L).iceControlling(42);
        if (useCandidate) {
            writer.useCandidate();
        }
        if (integrity) {
            writer.messageIntegrity(StunIntegrityChecker.shortTerm(pwd));
        }
        if (fingerprint) {
            writer.fingerprint();
        }
        int n = writer.finish();
        assertThat(n).isPositive();
        assertThat(message.wrap(buf, 0, n)).isNull();
        return message;
    }

    private StunMessage good(boolean useCandidate) {
        return request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PWD + "x", true, true, useCandidate);
    }

    @Test
    void anAuthenticatedCheckIsAcceptedAndSelectsItsAddress() {
        assertThat(agent.selectedAddress()).isNull();
        assertThat(agent.onBindingRequest(good(false), A, SECOND)).isEqualTo(IceCheckOutcome.ACCEPTED_SELECTED);
        assertThat(agent.selectedAddress()).isEqualTo(A);
        assertThat(agent.nominated()).isFalse();
        assertThat(agent.onBindingRequest(good(false), A, 2 * SECOND)).isEqualTo(IceCheckOutcome.ACCEPTED);
    }

    @Test
    void aWrongPasswordIsRefusedWith401() {
        IceCheckOutcome o = agent.onBindingRequest(
                request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, "not-the-password-at-all", true, true, false), A, SECOND);
        assertThat(o).isEqualTo(IceCheckOutcome.REFUSED_WRONG_INTEGRITY);
        assertThat(o.errorCode()).isEqualTo(401);
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void aWrongUfragIsRefusedWith401() {
        assertThat(agent.onBindingRequest(request("othr:" + REMOTE_UFRAG, LOCAL_PWD + "x", true, true, false), A, SECOND))
                .isEqualTo(IceCheckOutcome.REFUSED_WRONG_USERNAME);
        assertThat(agent.onBindingRequest(request(LOCAL_UFRAG + ":zzzz", LOCAL_PWD + "x", true, true, false), A, SECOND))
                .isEqualTo(IceCheckOutcome.REFUSED_WRONG_USERNAME);
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void beforeTheRemoteUfragIsKnownOnlyTheLocalHalfIsChecked() {
        IceLiteAgent fresh = new IceLiteAgent(LOCAL_UFRAG, LOCAL_PWD + "x", 30 * SECOND, 3 * SECOND, 0);
        assertThat(fresh.onBindingRequest(request(LOCAL_UFRAG + ":anything", LOCAL_PWD + "x", true, true, false), A, 1))
                .isEqualTo(IceCheckOutcome.ACCEPTED_SELECTED);
    }

    @Test
    void missingIntegrityOrUsernameIsABadRequest() {
        IceCheckOutcome noMi = agent.onBindingRequest(request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, null, false, true, false), A, 1);
        assertThat(noMi).isEqualTo(IceCheckOutcome.REFUSED_MISSING_CREDENTIALS);
        assertThat(noMi.errorCode()).isEqualTo(400);
        assertThat(agent.onBindingRequest(request(null, LOCAL_PWD + "x", true, true, false), A, 1))
                .isEqualTo(IceCheckOutcome.REFUSED_MISSING_CREDENTIALS);
    }

    @Test
    void aCheckWithoutFingerprintIsDroppedUnanswered() {
        IceCheckOutcome o = agent.onBindingRequest(
                request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PWD + "x", true, false, false), A, 1);
        assertThat(o).isEqualTo(IceCheckOutcome.DROPPED_NO_FINGERPRINT);
        assertThat(o.errorCode()).isZero();
    }

    @Test
    void aCorruptFingerprintIsDropped() {
        StunMessage m = good(false);
        buf[m.length() - 1] ^= 1; // last byte of the CRC
        assertThat(message.wrap(buf, 0, m.length())).isNull();
        assertThat(agent.onBindingRequest(message, A, 1)).isEqualTo(IceCheckOutcome.DROPPED_BAD_FINGERPRINT);
    }

    @Test
    void useCandidateNominatesAndMovesTheSelectedAddress() {
        agent.onBindingRequest(good(false), A, SECOND);
        // B is checked while A is alive: a backup pair, not a takeover.
        assertThat(agent.onBindingRequest(good(false), B, SECOND + 1)).isEqualTo(IceCheckOutcome.ACCEPTED);
        assertThat(agent.selectedAddress()).isEqualTo(A);
        assertThat(agent.onBindingRequest(good(true), B, SECOND + 2)).isEqualTo(IceCheckOutcome.ACCEPTED_SELECTED);
        assertThat(agent.selectedAddress()).isEqualTo(B);
        assertThat(agent.nominated()).isTrue();
    }

    @Test
    void dtlsFromAnotherValidAddressMovesTheSelectionOnlyBeforeNomination() {
        agent.onBindingRequest(good(false), A, SECOND);
        agent.onBindingRequest(good(false), B, SECOND + 1);
        assertThat(agent.preferUntilNominated(B, SECOND + 2)).isTrue();
        assertThat(agent.selectedAddress()).isEqualTo(B);
        agent.onBindingRequest(good(true), B, SECOND + 3);
        assertThat(agent.preferUntilNominated(A, SECOND + 4)).isFalse();
        assertThat(agent.selectedAddress()).isEqualTo(B);
    }

    @Test
    void aNewAddressTakesOverWhenTheSelectedOneFellSilent() {
        agent.onBindingRequest(good(true), A, SECOND);
        assertThat(agent.onBindingRequest(good(false), B, 2 * SECOND)).isEqualTo(IceCheckOutcome.ACCEPTED);
        assertThat(agent.selectedAddress()).isEqualTo(A);
        // Network change: A has been silent for the switch interval, B completes a check.
        assertThat(agent.onBindingRequest(good(false), B, 5 * SECOND)).isEqualTo(IceCheckOutcome.ACCEPTED_SELECTED);
        assertThat(agent.selectedAddress()).isEqualTo(B);
    }

    @Test
    void refusedChecksNeitherSelectNorRefreshConsent() {
        agent.onBindingRequest(good(true), A, SECOND);
        agent.onBindingRequest(request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, "not-the-password-at-all", true, true, false), A, 20 * SECOND);
        assertThat(agent.consentExpired(31 * SECOND)).isTrue();
    }

    @Test
    void consentExpiresWithoutAuthenticatedChecks() {
        assertThat(agent.consentExpired(29 * SECOND)).isFalse();
        assertThat(agent.consentExpired(30 * SECOND)).isTrue(); // never checked: counted from creation
        agent.onBindingRequest(good(true), A, 25 * SECOND);
        assertThat(agent.consentExpired(54 * SECOND)).isFalse();
        agent.onBindingRequest(good(false), A, 50 * SECOND);
        assertThat(agent.consentExpired(79 * SECOND)).isFalse();
        assertThat(agent.consentExpired(80 * SECOND)).isTrue();
    }

    @Test
    void checksFromABackupAddressDoNotRefreshTheSelectedPairsConsent() {
        agent.onBindingRequest(good(true), A, SECOND);
        agent.onBindingRequest(good(false), B, 2 * SECOND); // backup check while A is fresh
        assertThat(agent.consentExpired(31 * SECOND)).isTrue();
    }

    @Test
    void randomCredentialsHaveTheRfcLengthsAndAlphabet() {
        IceLiteAgent a = IceLiteAgent.withRandomCredentials(new SecureRandom(), SECOND, SECOND, 0);
        assertThat(a.localUfrag()).hasSizeGreaterThanOrEqualTo(4).matches("[A-Za-z0-9+/]+");
        assertThat(a.localPwd()).hasSizeGreaterThanOrEqualTo(22).matches("[A-Za-z0-9+/]+");
        assertThat(a.isAddressedTo(requestFor(a.localUfrag()))).isTrue();
    }

    private StunMessage requestFor(String ufrag) {
        return request(ufrag + ":x1y2", "whatever-password-1234", true, true, false);
    }

    // ---- ICE restart (RFC 8445 section 9)

    private static final String NEW_UFRAG = "newU";
    private static final String NEW_PWD = "newserverpasswordof24ch";
    private static final String NEW_REMOTE = "brw2";

    private StunMessage withNewCredentials(boolean useCandidate) {
        return request(NEW_UFRAG + ":" + NEW_REMOTE, NEW_PWD, true, true, useCandidate);
    }

    @Test
    void aRestartKeepsTheOldCredentialsAndPairUntilANewCheckAuthenticates() {
        agent.onBindingRequest(good(true), A, SECOND);
        agent.restart(NEW_UFRAG, NEW_PWD, NEW_REMOTE);
        assertThat(agent.localUfrag()).isEqualTo(NEW_UFRAG);
        assertThat(agent.localPwd()).isEqualTo(NEW_PWD);
        assertThat(agent.restarts()).isEqualTo(1);
        assertThat(agent.selectedAddress()).as("the restart alone moves nothing").isEqualTo(A);

        // the browser has not applied the answer yet: its consent checks on the old pair still pass
        assertThat(agent.isAddressedTo(good(false))).isTrue();
        assertThat(agent.onBindingRequest(good(false), A, 2 * SECOND)).isEqualTo(IceCheckOutcome.ACCEPTED);
        assertThat(agent.integrity().check(good(false))).as("answered with the old password").isNull();
        assertThat(agent.restartsCompleted()).isZero();

        // the new ICE session's first check, from a new address, not nominating: accepted, no switch yet
        assertThat(agent.isAddressedTo(withNewCredentials(false))).isTrue();
        assertThat(agent.onBindingRequest(withNewCredentials(false), B, 2 * SECOND)).isEqualTo(IceCheckOutcome.ACCEPTED);
        assertThat(agent.integrity().check(withNewCredentials(false))).as("answered with the new password").isNull();
        assertThat(agent.restartsCompleted()).isEqualTo(1);
        assertThat(agent.selectedAddress()).isEqualTo(A);

        // from now on the old credentials are refused, wherever they come from
        assertThat(agent.isAddressedTo(good(false))).isFalse();
        assertThat(agent.onBindingRequest(good(false), A, 3 * SECOND)).isEqualTo(IceCheckOutcome.REFUSED_WRONG_USERNAME);

        // the nomination with the new credentials moves the media
        assertThat(agent.onBindingRequest(withNewCredentials(true), B, 3 * SECOND))
                .isEqualTo(IceCheckOutcome.ACCEPTED_SELECTED);
        assertThat(agent.selectedAddress()).isEqualTo(B);
        assertThat(agent.selectedChanges()).isEqualTo(1);
    }

    @Test
    void aRestartOfferedByCanalChecksOnlyTheLocalHalfUntilTheAnswerBringsTheRemoteUfrag() {
        agent.onBindingRequest(good(true), A, SECOND);
        agent.restart(NEW_UFRAG, NEW_PWD, null);
        assertThat(agent.onBindingRequest(request(NEW_UFRAG + ":anyOne", NEW_PWD, true, true, false), A, 2 * SECOND))
                .isEqualTo(IceCheckOutcome.ACCEPTED);
        agent.setRemoteUfrag(NEW_REMOTE);
        assertThat(agent.onBindingRequest(request(NEW_UFRAG + ":anyOne", NEW_PWD, true, true, false), A, 2 * SECOND))
                .isEqualTo(IceCheckOutcome.REFUSED_WRONG_USERNAME);
        assertThat(agent.onBindingRequest(withNewCredentials(false), A, 2 * SECOND)).isEqualTo(IceCheckOutcome.ACCEPTED);
    }

    @Test
    void aSecondRestartBeforeTheFirstCompletesKeepsTheProvenCredentials() {
        agent.onBindingRequest(good(true), A, SECOND);
        agent.restart(NEW_UFRAG, NEW_PWD, NEW_REMOTE);
        agent.restart("thrd", "thirdserverpasswordof24c", "brw3");
        assertThat(agent.restarts()).isEqualTo(2);
        assertThat(agent.onBindingRequest(good(false), A, 2 * SECOND)).as("old").isEqualTo(IceCheckOutcome.ACCEPTED);
        assertThat(agent.onBindingRequest(withNewCredentials(false), A, 2 * SECOND)).as("superseded")
                .isEqualTo(IceCheckOutcome.REFUSED_WRONG_USERNAME);
        assertThat(agent.onBindingRequest(request("thrd:brw3", "thirdserverpasswordof24c", true, true, false), A,
                2 * SECOND)).isEqualTo(IceCheckOutcome.ACCEPTED);
        assertThat(agent.restartsCompleted()).isEqualTo(1);
        assertThat(agent.onBindingRequest(good(false), A, 2 * SECOND)).isEqualTo(IceCheckOutcome.REFUSED_WRONG_USERNAME);
    }

    @Test
    void aNewPasswordWithTheNewUfragIsRequired() {
        agent.onBindingRequest(good(true), A, SECOND);
        agent.restart(NEW_UFRAG, NEW_PWD, NEW_REMOTE);
        assertThat(agent.onBindingRequest(request(NEW_UFRAG + ":" + NEW_REMOTE, LOCAL_PWD + "x", true, true, false), B,
                2 * SECOND)).isEqualTo(IceCheckOutcome.REFUSED_WRONG_INTEGRITY);
        assertThat(agent.restartsCompleted()).isZero();
    }
}
