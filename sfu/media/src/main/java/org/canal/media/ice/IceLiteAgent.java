package org.canal.media.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import org.canal.protocol.stun.StunAttributeType;
import org.canal.protocol.stun.StunIntegrityChecker;
import org.canal.protocol.stun.StunMalformation;
import org.canal.protocol.stun.StunMessage;

/**
 * The ICE-lite side of one transport (RFC 8445 sections 2.5 and 7.3, lite implementation) with consent
 * freshness (RFC 7675): a pure state machine. It owns no socket and reads no clock: the transport hands
 * it each parsed binding request, the sender's address and the time.
 *
 * <p>A lite agent is always controlled and never sends checks: it answers authenticated binding requests
 * and lets the full agent (the browser) choose the pair. Its rules here:
 * <ul>
 *   <li>A request must carry FINGERPRINT (else it is dropped: it may not even be STUN), USERNAME and
 *       MESSAGE-INTEGRITY (else 400); USERNAME must be {@code localUfrag:remoteUfrag} (only
 *       {@code localUfrag:} is checked while the remote ufrag is unknown) and MESSAGE-INTEGRITY must
 *       match the local password (else 401), RFC 8445 section 7.3 and RFC 8489 section 9.1.3.</li>
 *   <li>The first authenticated address becomes the selected one at once: the browser sends its DTLS
 *       ClientHello right after its first successful check, before it nominates.</li>
 *   <li>An authenticated request with USE-CANDIDATE nominates its address (RFC 8445 section 7.3.1.5),
 *       which becomes the selected one.</li>
 *   <li>Before a nomination, the address DTLS arrives from (one that passed a check) becomes the
 *       selected one: the browser sends its ClientHello on the pair it chose.</li>
 *   <li>Another authenticated address takes over when the selected one has been silent for
 *       {@code switchAfterSilenceNanos}: that is a network change. A browser keeps pinging backup pairs
 *       now and then while the selected pair is alive, so a lone check must not steal the pair.</li>
 *   <li>Consent (RFC 7675 section 5.1): authenticated checks on the selected address keep the
 *       transport alive; with none for {@code consentTimeoutNanos} (counted from creation before the
 *       first one) consent has expired and the transport must close.</li>
 * </ul>
 *
 * <p>Role conflicts (RFC 8445 section 7.3.1.1) are not checked: against a lite agent the browser is
 * always controlling. Allocates nothing per request once the selected address is stable. One thread at a
 * time (the transport's media loop).
 */
public final class IceLiteAgent {
    /** RFC 8445 section 5.3: at least 24 bits of randomness in the ufrag, 128 in the password. */
    public static final int UFRAG_LENGTH = 8;
    public static final int PWD_LENGTH = 24;
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final String localUfrag;
    private final String localPwd;
    private final byte[] localUfragBytes;
    private final StunIntegrityChecker integrity;
    private final long consentTimeoutNanos;
    private final long switchAfterSilenceNanos;

    private byte[] expectedUsername;
    private InetSocketAddress selected;
    private boolean nominated;
    private long selectedLastCheckAt;
    private long consentAt;

    public IceLiteAgent(String localUfrag, String localPwd, long consentTimeoutNanos, long switchAfterSilenceNanos,
            long nowNanos) {
        this.localUfrag = requireIceChars("localUfrag", localUfrag, 4);
        this.localPwd = requireIceChars("localPwd", localPwd, 22);
        this.localUfragBytes = localUfrag.getBytes(StandardCharsets.US_ASCII);
        this.integrity = StunIntegrityChecker.shortTerm(localPwd);
        this.consentTimeoutNanos = consentTimeoutNanos;
        this.switchAfterSilenceNanos = switchAfterSilenceNanos;
        this.consentAt = nowNanos;
    }

    /** Fresh random credentials (RFC 8445 section 5.3, RFC 8839 section 5.4 ice-char alphabet). */
    public static IceLiteAgent withRandomCredentials(SecureRandom random, long consentTimeoutNanos,
            long switchAfterSilenceNanos, long nowNanos) {
        return new IceLiteAgent(randomIceString(random, UFRAG_LENGTH), randomIceString(random, PWD_LENGTH),
                consentTimeoutNanos, switchAfterSilenceNanos, nowNanos);
    }

    static String randomIceString(SecureRandom random, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    /** Sets the browser's ufrag from its SDP; from now on USERNAME must be exactly {@code local:remote}. */
    public void setRemoteUfrag(String remoteUfrag) {
        requireIceChars("remoteUfrag", remoteUfrag, 4);
        this.expectedUsername = (localUfrag + ":" + remoteUfrag).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the part of USERNAME before the colon is this agent's ufrag: routes a check from a new address. */
    public boolean isAddressedTo(StunMessage request) {
        return request.usernameBeforeColonEquals(localUfragBytes, 0, localUfragBytes.length);
    }

    /**
     * Judges a binding request that {@link StunMessage#wrap} accepted, from {@code from} at {@code nowNanos}.
     */
    public IceCheckOutcome onBindingRequest(StunMessage request, InetSocketAddress from, long nowNanos) {
        StunMalformation fingerprint = request.checkFingerprint();
        if (fingerprint == StunMalformation.MISSING_FINGERPRINT) {
            return IceCheckOutcome.DROPPED_NO_FINGERPRINT;
        }
        if (fingerprint != null) {
            return IceCheckOutcome.DROPPED_BAD_FINGERPRINT;
        }
        if (request.find(StunAttributeType.USERNAME) < 0
                || request.find(StunAttributeType.MESSAGE_INTEGRITY) < 0) {
            return IceCheckOutcome.REFUSED_MISSING_CREDENTIALS;
        }
        boolean usernameOk = expectedUsername != null
                ? request.usernameEquals(expectedUsername, 0, expectedUsername.length)
                : isAddressedTo(request);
        if (!usernameOk) {
            return IceCheckOutcome.REFUSED_WRONG_USERNAME;
        }
        if (integrity.check(request) != null) {
            return IceCheckOutcome.REFUSED_WRONG_INTEGRITY;
        }
        return authenticated(from, request.hasUseCandidate(), nowNanos);
    }

    private IceCheckOutcome authenticated(InetSocketAddress from, boolean useCandidate, long now) {
        if (selected != null && selected.equals(from)) {
            nominated |= useCandidate;
            selectedLastCheckAt = now;
            consentAt = now;
            return IceCheckOutcome.ACCEPTED;
        }
        boolean takeOver = selected == null
                || useCandidate
                || now - selectedLastCheckAt >= switchAfterSilenceNanos;
        if (!takeOver) {
            return IceCheckOutcome.ACCEPTED;
        }
        selected = from;
        nominated = useCandidate;
        selectedLastCheckAt = now;
        consentAt = now;
        return IceCheckOutcome.ACCEPTED_SELECTED;
    }

    /**
     * DTLS came from {@code from}, an address that already passed an authenticated check: before any
     * nomination, that is the pair the browser has chosen, so it becomes the selected one. After a
     * nomination only checks move the selection. Returns whether the selection moved.
     */
    public boolean preferUntilNominated(InetSocketAddress from, long nowNanos) {
        if (nominated || selected == null || selected.equals(from)) {
            return false;
        }
        selected = from;
        selectedLastCheckAt = nowNanos;
        return true;
    }

    /** RFC 7675 section 5.1: no authenticated check on the selected address for the consent timeout. */
    public boolean consentExpired(long nowNanos) {
        return nowNanos - consentAt >= consentTimeoutNanos;
    }

    /** Where media and DTLS go: the selected address, or null before the first authenticated check. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /** Whether the browser nominated the selected address with USE-CANDIDATE. */
    public boolean nominated() {
        return nominated;
    }

    public String localUfrag() {
        return localUfrag;
    }

    public String localPwd() {
        return localPwd;
    }

    /** The key that signs this agent's responses (MESSAGE-INTEGRITY with the local password). */
    public StunIntegrityChecker integrity() {
        return integrity;
    }

    /** RFC 8839 section 5.4: ice-char = ALPHA / DIGIT / "+" / "/", 4..256 (ufrag) or 22..256 (pwd). */
    private static String requireIceChars(String what, String value, int min) {
        Objects.requireNonNull(value, what);
        if (value.length() < min || value.length() > 256) {
            throw new IllegalArgumentException(what + " must be " + min + "..256 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                throw new IllegalArgumentException(what + " may hold only ALPHA, DIGIT, '+' and '/' (RFC 8839 section 5.4)");
            }
        }
        return value;
    }
}
