package org.canal.media.dtls;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.canal.protocol.srtp.SrtpKeyingMaterial;
import org.canal.protocol.srtp.SrtpProfile;

/**
 * BouncyCastle's view of Canal as the DTLS server of one DTLS-SRTP association (RFC 5763, RFC 5764).
 *
 * <p>Settings verified against Chromium (see /work/shared/stack.md): DTLS 1.2 only (BouncyCastle's
 * default also offers 1.3, which fails {@code accept} with protocol_version); ECDHE-ECDSA suites with
 * the node's P-256 certificate; a client certificate is required and must hash to the fingerprint the
 * browser's SDP declared (RFC 8122 section 5), else bad_certificate; use_srtp picks the first profile of
 * {@link #PROFILE_PREFERENCE} the client offers; the SRTP keys are exported inside
 * {@link #notifyHandshakeComplete()}, because the browser sends SRTP as soon as it has processed the
 * server's Finished, before {@code accept} returns here.
 *
 * <p>Runs on a worker thread (BouncyCastle's handshake blocks); it touches no transport state directly:
 * results go to the {@link Listener}, which hops onto the transport's loop.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
    /** Canal's order: AEAD first (cheaper and stronger on JCE with AES-NI), then the mandatory CM profile. */
    static final SrtpProfile[] PROFILE_PREFERENCE = {
        SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM,
        SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AES_CM_128_HMAC_SHA1_32,
    };
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    };

    /** What the handshake produced, told from the worker thread. */
    interface Listener {
        void onKeys(SrtpKeyingMaterial keys);

        /** The peer sent close_notify (RFC 5246 section 7.2.1): the browser closed its PeerConnection. */
        void onPeerClosed();
    }

    private final BcTlsCrypto crypto;
    private final NodeCertificate certificate;
    private final byte[] expectedClientFingerprint;
    private final int handshakeTimeoutMillis;
    private final Listener listener;
    private SrtpProfile selectedProfile;
    private boolean fingerprintMismatch;

    DtlsSrtpServer(BcTlsCrypto crypto, NodeCertificate certificate, byte[] expectedClientFingerprint,
            int handshakeTimeoutMillis, Listener listener) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.expectedClientFingerprint = expectedClientFingerprint.clone();
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.listener = listener;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(certificate.der())});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                chain, new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        // RFC 5763 section 5: the client must present the certificate its fingerprint names.
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            fingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "no client certificate");
        }
        byte[] der = clientCertificate.getCertificateAt(0).getEncoded();
        byte[] actual = sha256(der);
        if (!MessageDigest.isEqual(actual, expectedClientFingerprint)) {
            fingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "client certificate does not match the SDP fingerprint");
        }
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no use_srtp extension");
        }
        for (SrtpProfile p : PROFILE_PREFERENCE) {
            for (int id : offered.getProtectionProfiles()) {
                if (id == p.protectionProfileId()) {
                    selectedProfile = p;
                    return;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // RFC 5764 section 4.1.1: the server answers with the one profile it chose and no MKI.
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {selectedProfile.protectionProfileId()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        // RFC 5764 section 4.2: client key | server key | client salt | server salt.
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                selectedProfile.keyingMaterialLength());
        listener.onKeys(SrtpKeyingMaterial.of(selectedProfile, exported));
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        super.notifyAlertReceived(alertLevel, alertDescription);
        if (alertDescription == AlertDescription.close_notify) {
            listener.onPeerClosed();
        }
    }

    SrtpProfile selectedProfile() {
        return selectedProfile;
    }

    boolean fingerprintMismatch() {
        return fingerprintMismatch;
    }

    private static byte[] sha256(byte[] der) throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
