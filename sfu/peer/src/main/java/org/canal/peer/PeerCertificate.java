package org.canal.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A peer's DTLS identity: an ECDSA P-256 key pair and a self-signed certificate made for it, as
 * WebRTC endpoints do (RFC 8827 section 6.5), with the certificate's SHA-256 fingerprint written as
 * in SDP's a=fingerprint (RFC 8122 section 5: upper-case hex pairs joined by ':').
 */
final class PeerCertificate {
    static final String FINGERPRINT_ALGORITHM = "sha-256";

    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
    /** Backdated so a peer whose clock is a little behind still accepts it. */
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final BcTlsCrypto crypto;
    private final AsymmetricKeyParameter privateKey;
    private final Certificate certificate;
    private final String fingerprint;

    private PeerCertificate(BcTlsCrypto crypto, AsymmetricKeyParameter privateKey, byte[] der) throws IOException {
        this.crypto = crypto;
        this.privateKey = privateKey;
        this.certificate = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {
            new BcTlsCertificate(crypto, der)});
        this.fingerprint = fingerprintOf(der);
    }

    /** Generates a key pair and a certificate for it, valid from yesterday for 30 days. */
    static PeerCertificate generate(BcTlsCrypto crypto) {
        SecureRandom random = crypto.getSecureRandom();
        X9ECParameters p256 = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, p256), random));
        AsymmetricCipherKeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=canal-peer");
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name,
                    new BigInteger(64, random).add(BigInteger.ONE), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(VALIDITY)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keys.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            byte[] der = builder.build(new BcECContentSignerBuilder(signature, digest).build(keys.getPrivate()))
                    .getEncoded();
            return new PeerCertificate(crypto, keys.getPrivate(), der);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("BouncyCastle cannot sign with ECDSA P-256", e);
        }
    }

    /** SHA-256 of a DER certificate, RFC 8122 section 5 form ("AB:CD:..."). */
    static String fingerprintOf(byte[] der) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(der);
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** True if {@code peer}'s end-entity certificate has the signaled fingerprint (case-insensitive). */
    static boolean matches(Certificate peer, String expectedFingerprint) throws IOException {
        if (peer == null || peer.isEmpty() || expectedFingerprint == null) {
            return false;
        }
        String actual = fingerprintOf(peer.getCertificateAt(0).getEncoded());
        return actual.equals(expectedFingerprint.trim().toUpperCase(Locale.ROOT));
    }

    /** The signer BouncyCastle authenticates this side with in {@code context}'s handshake. */
    TlsCredentialedSigner signer(TlsContext context) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey,
                certificate, ECDSA_SHA256);
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    /** Upper-case hex pairs joined by ':' (RFC 8122 section 5). */
    String fingerprint() {
        return fingerprint;
    }
}
