package org.canal.peer;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;

/**
 * The DTLS 1.2 client of a WebRTC peer (a=setup:active): ECDHE-ECDSA suites, use_srtp offering the
 * peer's profiles, its self-signed certificate presented when the server asks (WebRTC servers do),
 * and the server's certificate accepted only if it has the signaled fingerprint.
 */
final class DtlsSrtpClient extends DefaultTlsClient {
    /** ECDHE with ECDSA certificates, AEAD only, strongest-first as browsers offer them. */
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private final PeerCertificate certificate;
    private final DtlsSrtpOutcome outcome;
    private final int handshakeTimeoutMillis;

    DtlsSrtpClient(PeerCertificate certificate, DtlsSrtpOutcome outcome, int handshakeTimeoutMillis) {
        super(certificate.crypto());
        this.certificate = certificate;
        this.outcome = outcome;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        // Canal answers DTLS 1.2 only (../shared/stack.md); 1.3 has no use_srtp in BouncyCastle 1.84.
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return CIPHER_SUITES.clone();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, outcome.offer());
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        outcome.acceptAnswer(TlsSRTPUtils.getUseSRTPExtension(serverExtensions));
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                outcome.checkFingerprint(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return certificate.signer(context);
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        outcome.handshakeComplete(context);
    }
}
