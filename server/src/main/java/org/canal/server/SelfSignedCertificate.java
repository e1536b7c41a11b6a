package org.canal.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The dev mode's HTTPS certificate: ECDSA P-256, self-signed, generated at start-up and kept only in
 * memory, valid for {@code localhost}, 127.0.0.1, ::1 and the node's configured addresses. Browsers
 * warn about it once; tests trust it explicitly.
 *
 * @param certificatePem the certificate, PEM
 * @param privateKeyPem  its private key, PEM (PKCS#8)
 * @param sha256         SHA-256 fingerprint of the DER certificate, colon-separated upper-case hex
 */
public record SelfSignedCertificate(String certificatePem, String privateKeyPem, String sha256) {
    private static final Duration VALIDITY = Duration.ofDays(30);

    @Override
    public String toString() {
        return "SelfSignedCertificate[sha256=" + sha256 + "]";
    }

    /** Generates one for {@code localhost}, loopback and the given extra IP addresses. */
    public static SelfSignedCertificate generate(List<String> extraAddresses) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();

            Set<String> addresses = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
            extraAddresses.stream().filter(a -> !NodeOptions.isWildcard(a)).forEach(addresses::add);
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
            addresses.forEach(address -> names.add(new GeneralName(GeneralName.iPAddress, address)));

            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=Canal dev node");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            X509CertificateHolder certificate = builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));

            byte[] der = certificate.getEncoded();
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            return new SelfSignedCertificate(pem(certificate), pem(new JcaPKCS8Generator(keys.getPrivate(), null)), fingerprint);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the dev certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
