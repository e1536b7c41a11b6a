package org.canal.peer;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The DTLS 1.2 server of a WebRTC peer (a=setup:passive), as Canal's node is one: it requires the
 * client's certificate and checks its fingerprint, picks its most preferred SRTP profile among those
 * the client offers, and answers with DTLS 1.2 only.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
    private final PeerCertificate certificate;
    private final DtlsSrtpOutcome outcome;
    private final int handshakeTimeoutMillis;
    private UseSRTPData chosen;

    DtlsSrtpServer(PeerCertificate certificate, DtlsSrtpOutcome outcome, int handshakeTimeoutMillis) {
        super(certificate.crypto());
        this.certificate = certificate;
        this.outcome = outcome;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return DtlsSrtpClient.CIPHER_SUITES.clone();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return certificate.signer(context);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        int id = outcome.choose(TlsSRTPUtils.getUseSRTPExtension(clientExtensions)).protectionProfileId();
        chosen = new UseSRTPData(new int[] {id}, TlsUtils.EMPTY_BYTES);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, chosen);
        return extensions;
    }

    /** WebRTC authenticates both ends: the client must present the certificate it signaled. */
    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the client sent no certificate");
        }
        outcome.checkFingerprint(clientCertificate);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        outcome.handshakeComplete(context);
    }
}
