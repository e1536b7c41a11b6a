package org.canal.peer;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.canal.protocol.srtp.SrtpKeyingMaterial;
import org.canal.protocol.srtp.SrtpProfile;

/**
 * What the DTLS client or server of one handshake learned about DTLS-SRTP (RFC 5764): the profile
 * use_srtp settled on, the keying material exported once the handshake completed, and, if it failed,
 * which of Canal's checks refused it. Written by the handshake thread, read after the handshake.
 */
final class DtlsSrtpOutcome {
    private final List<SrtpProfile> acceptable;
    private final String remoteFingerprint;
    private final Consumer<SrtpKeyingMaterial> keysReady;
    private volatile SrtpProfile profile;
    private volatile PeerFailure refusal;
    private volatile String refusalDetail;

    DtlsSrtpOutcome(List<SrtpProfile> acceptable, String remoteFingerprint, Consumer<SrtpKeyingMaterial> keysReady) {
        this.acceptable = acceptable;
        this.remoteFingerprint = remoteFingerprint;
        this.keysReady = keysReady;
    }

    /** The use_srtp extension data offering the acceptable profiles, no MKI (RFC 5764 section 4.1.1). */
    UseSRTPData offer() {
        int[] ids = acceptable.stream().mapToInt(SrtpProfile::protectionProfileId).toArray();
        return new UseSRTPData(ids, TlsUtils.EMPTY_BYTES);
    }

    /** The client's side: the server must have answered with exactly one of the offered profiles. */
    void acceptAnswer(UseSRTPData answer) throws IOException {
        if (answer == null || answer.getProtectionProfiles().length != 1) {
            throw refuse(PeerFailure.NO_COMMON_SRTP_PROFILE, AlertDescription.illegal_parameter,
                    "the server's ServerHello has no use_srtp extension with one profile");
        }
        int id = answer.getProtectionProfiles()[0];
        SrtpProfile chosen = SrtpProfile.ofProtectionProfileId(id).orElse(null);
        if (chosen == null || !acceptable.contains(chosen)) {
            throw refuse(PeerFailure.NO_COMMON_SRTP_PROFILE, AlertDescription.illegal_parameter,
                    "the server chose SRTP profile 0x" + Integer.toHexString(id) + ", which was not offered");
        }
        profile = chosen;
    }

    /** The server's side: the first acceptable profile (local preference) that the client offered. */
    SrtpProfile choose(UseSRTPData offered) throws IOException {
        if (offered != null) {
            for (SrtpProfile p : acceptable) {
                for (int id : offered.getProtectionProfiles()) {
                    if (id == p.protectionProfileId()) {
                        profile = p;
                        return p;
                    }
                }
            }
        }
        throw refuse(PeerFailure.NO_COMMON_SRTP_PROFILE, AlertDescription.handshake_failure,
                "the client offers none of the SRTP profiles " + acceptable);
    }

    /** RFC 8122 section 5: the remote certificate must hash to the fingerprint signaled for it. */
    void checkFingerprint(org.bouncycastle.tls.Certificate remote) throws IOException {
        if (!PeerCertificate.matches(remote, remoteFingerprint)) {
            throw refuse(PeerFailure.FINGERPRINT_MISMATCH, AlertDescription.bad_certificate,
                    "the remote DTLS certificate does not match the signaled sha-256 fingerprint");
        }
    }

    /** Exports the SRTP keying material (RFC 5764 section 4.2) and hands it over. */
    void handshakeComplete(TlsContext context) {
        SrtpProfile p = profile;
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, p.keyingMaterialLength());
        keysReady.accept(SrtpKeyingMaterial.of(p, exported));
    }

    SrtpProfile profile() {
        return profile;
    }

    /** The check that refused the handshake, or null if none of Canal's did. */
    PeerFailure refusal() {
        return refusal;
    }

    String refusalDetail() {
        return refusalDetail;
    }

    private TlsFatalAlert refuse(PeerFailure failure, short alert, String detail) {
        refusal = failure;
        refusalDetail = detail;
        return new TlsFatalAlert(alert, detail);
    }
}
