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
 *   <li>ICE restart (RFC 8445 section 9): {@link #restart} brings new local credentials (and the
 *       browser's new ufrag). The previous credentials stay valid until the first check with the new
 *       ones authenticates, then are refused (401); the selected address does not move by the restart
 *       itself, only by the rules above (a nomination, or the old one's silence), so media keeps
 *       flowing on the old pair until the new ICE session picks one.</li>
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

    private final long consentTimeoutNanos;
    private final long switchAfterSilenceNanos;

    /** The credentials of the current ICE session (the latest restart's, or the first). */
    private LocalCredentials current;
    /**
     * The credentials before the latest restart, still accepted until a check with the current ones
     * authenticates (RFC 8445 section 9): until then the browser keeps using the previously selected
     * pair, and its consent checks (RFC 7675) carry the old credentials. Null when no restart is pending.
     */
    private LocalCredentials previous;
    /** The key of the latest authenticated check: its success response is signed with it. */
    private StunIntegrityChecker answering;
    private long restarts;
    private long restartsCompleted;
    private long selectedChanges;
    private InetSocketAddress selected;
    private boolean nominated;
    private long selectedLastCheckAt;
    private long consentAt;

    public IceLiteAgent(String localUfrag, String localPwd, long consentTimeoutNanos, long switchAfterSilenceNanos,
            long nowNanos) {
        this.current = new LocalCredentials(localUfrag, localPwd);
        this.answering = current.integrity;
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

    /** A random string of ice-chars ({@link #UFRAG_LENGTH} or {@link #PWD_LENGTH} long, RFC 8445 section 5.3). */
    public static String randomIceString(SecureRandom random, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    /** Sets the browser's ufrag from its SDP; from now on USERNAME must be exactly {@code local:remote}. */
    public void setRemoteUfrag(String remoteUfrag) {
        current.setRemoteUfrag(remoteUfrag);
    }

    /**
     * ICE restart (RFC 8445 section 9, RFC 8839 section 4.4.1.1.1): from now on checks may carry the new
     * local credentials (with {@code remoteUfrag}, or any remote ufrag while it is null and not yet
     * set by {@link #setRemoteUfrag}). The selected address, its nomination and consent stay as they
     * are: media keeps flowing on the old pair until a check moves the selection by the usual rules.
     * The credentials that authenticated checks so far stay accepted until a check with the new ones
     * authenticates; a restart that follows a restart not yet completed replaces only the pending ones.
     */
    public void restart(String newLocalUfrag, String newLocalPwd, String remoteUfrag) {
        LocalCredentials next = new LocalCredentials(newLocalUfrag, newLocalPwd);
        if (remoteUfrag != null) {
            next.setRemoteUfrag(remoteUfrag);
        }
        if (previous == null) {
            previous = current;
        }
        current = next;
        restarts++;
    }

    /**
     * Whether the part of USERNAME before the colon is one of this agent's accepted ufrags: routes a
     * check from a new address.
     */
    public boolean isAddressedTo(StunMessage request) {
        return current.isAddressedBy(request) || (previous != null && previous.isAddressedBy(request));
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
        LocalCredentials by = current.matchesUsername(request) ? current
                : previous != null && previous.matchesUsername(request) ? previous : null;
        if (by == null) {
            return IceCheckOutcome.REFUSED_WRONG_USERNAME;
        }
        if (by.integrity.check(request) != null) {
            return IceCheckOutcome.REFUSED_WRONG_INTEGRITY;
        }
        answering = by.integrity;
        if (by == current && previous != null) {
            // the browser runs the new ICE session: the old credentials are refused from now on
            previous = null;
            restartsCompleted++;
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
        if (selected != null) {
            selectedChanges++;
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
        selectedChanges++;
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

    /** The current local ufrag (the latest restart's). */
    public String localUfrag() {
        return current.ufrag;
    }

    public String localPwd() {
        return current.pwd;
    }

    /**
     * The key that signs the response to the latest authenticated check: MESSAGE-INTEGRITY with the
     * local password that check was made with (the previous one while a restart is pending).
     */
    public StunIntegrityChecker integrity() {
        return answering;
    }

    /** ICE restarts applied. */
    public long restarts() {
        return restarts;
    }

    /** ICE restarts whose new credentials authenticated a check (after which the old ones are refused). */
    public long restartsCompleted() {
        return restartsCompleted;
    }

    /** Times the selected address moved from one address to another (network changes, NAT rebinding). */
    public long selectedChanges() {
        return selectedChanges;
    }

    /** One set of local credentials and the USERNAME a check must carry with them (RFC 8445 section 7.2.2). */
    private static final class LocalCredentials {
        final String ufrag;
        final String pwd;
        final byte[] ufragBytes;
        final StunIntegrityChecker integrity;
        /** {@code localUfrag:remoteUfrag}, or null while the remote ufrag is unknown. */
        byte[] expectedUsername;

        LocalCredentials(String ufrag, String pwd) {
            this.ufrag = requireIceChars("localUfrag", ufrag, 4);
            this.pwd = requireIceChars("localPwd", pwd, 22);
            this.ufragBytes = ufrag.getBytes(StandardCharsets.US_ASCII);
            this.integrity = StunIntegrityChecker.shortTerm(pwd);
        }

        void setRemoteUfrag(String remoteUfrag) {
            requireIceChars("remoteUfrag", remoteUfrag, 4);
            expectedUsername = (ufrag + ":" + remoteUfrag).getBytes(StandardCharsets.US_ASCII);
        }

        boolean isAddressedBy(StunMessage request) {
            return request.usernameBeforeColonEquals(ufragBytes, 0, ufragBytes.length);
        }

        /** Exactly {@code local:remote}; only {@code local:} is checked while the remote ufrag is unknown. */
        boolean matchesUsername(StunMessage request) {
            return expectedUsername != null
                    ? request.usernameEquals(expectedUsername, 0, expectedUsername.length)
                    : isAddressedBy(request);
        }
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
