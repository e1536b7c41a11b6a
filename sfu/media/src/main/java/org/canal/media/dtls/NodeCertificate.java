package org.canal.media.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The node's DTLS identity: an ECDSA P-256 key pair and a self-signed certificate, generated at start-up
 * and never written anywhere. WebRTC authenticates it by its SHA-256 fingerprint in the SDP
 * (RFC 8122 section 5), not by a chain, so self-signed is what browsers expect.
 */
public final class NodeCertificate {
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final byte[] certificateDer;
    private final AsymmetricKeyParameter privateKey;
    private final String sha256Fingerprint;

    private NodeCertificate(byte[] certificateDer, AsymmetricKeyParameter privateKey) {
        this.certificateDer = certificateDer;
        this.privateKey = privateKey;
        this.sha256Fingerprint = fingerprint(certificateDer);
    }

    /** Generates a fresh key pair and certificate (a few milliseconds of CPU: not on an event loop). */
    public static NodeCertificate generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=canal");
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            byte[] der = holder.getEncoded();
            return new NodeCertificate(der, PrivateKeyFactory.createKey(keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the node's DTLS certificate", e);
        }
    }

    /** SHA-256 of a DER certificate as RFC 8122 writes it: upper-case hex pairs joined by ':'. */
    public static String fingerprint(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** Parses an RFC 8122 SHA-256 fingerprint into its 32 bytes, or returns null when it is not one. */
    public static byte[] parseSha256Fingerprint(String text) {
        if (text == null) {
            return null;
        }
        String hex = text.trim().replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public byte[] certificateDer() {
        return certificateDer.clone();
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    byte[] der() {
        return certificateDer;
    }

    /** "sha-256", the hash function name in {@code a=fingerprint} (RFC 8122 section 5). */
    public String fingerprintAlgorithm() {
        return "sha-256";
    }

    public String sha256Fingerprint() {
        return sha256Fingerprint;
    }
}
