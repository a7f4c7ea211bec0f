package org.mtlskit.pki.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for situations a profile cannot describe (a CA without its CA flag, a partial
 * wildcard, a critical extension nobody knows, a version 1 or 2 certificate, ...), built directly
 * with Bouncy Castle and signed through its provider. Every extension is stated by the test: a
 * {@link #bare} certificate gets none that was not asked for; {@link #leaf} and {@link #ca} start
 * from the usual basicConstraints and keyUsage and add SKI and AKI. Kept as DER, since some (a
 * version 1 certificate with extensions) are what the JDK would not even load. Keys: {@link TestKeys}.
 */
public final class TestCertBuilder {
    private static final AtomicLong SERIALS = new AtomicLong(1000);
    private static final Provider BC = new BouncyCastleProvider();
    private static final long DAY = 86_400;

    /** A certificate with its key, to sign others with; parsed by the JDK only when a test asks. */
    public record Issued(byte[] der, KeyPair key, X500Name subject) {
        /** A certificate made elsewhere (a rewritten, malformed one), with its key or null. */
        public static Issued of(X509Certificate cert, KeyPair key) {
            try {
                return new Issued(
                        cert.getEncoded(),
                        key,
                        X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The JDK's reading of it; throws for what the JDK refuses to load. */
        public X509Certificate cert() {
            try {
                return (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException e) {
                throw new IllegalStateException("the JDK does not load " + subject, e);
            }
        }

        public String pem() {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
        }
    }

    /** Writes these certificates, in this order, as one PEM file in dir. */
    public static Path write(Path dir, String name, Issued... certs) {
        StringBuilder pem = new StringBuilder();
        for (Issued c : certs) {
            pem.append(c.pem());
        }
        try {
            return Files.writeString(dir.resolve(name), pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final String cn;
    private KeyPair key;
    private Issued issuer;
    private Instant notBefore;
    private Instant notAfter;
    private Boolean ca;
    private Integer pathLen;
    private Integer keyUsage;
    private final List<KeyPurposeId> eku = new ArrayList<>();
    private final List<GeneralName> san = new ArrayList<>();
    private final List<Extension> extra = new ArrayList<>();
    private boolean keyIds;
    private boolean authorityKeyId = true;
    private BigInteger serial;
    private X500Name issuerNameOverride;
    private boolean v1;
    private int version = 3;
    private String signatureAlgorithm;

    private TestCertBuilder(String cn, KeyPair key) {
        this.cn = cn;
        this.key = key;
    }

    /** A leaf: CA:FALSE, keyUsage digitalSignature, no EKU, no SAN until given; valid from a day before now for a year. */
    public static TestCertBuilder leaf(String cn, Instant now) {
        TestCertBuilder b = usual(cn, now);
        b.ca = false;
        b.keyUsage = KeyUsage.digitalSignature;
        return b;
    }

    /** A CA: CA:TRUE without pathLen, keyUsage keyCertSign and cRLSign; valid from a day before now for a year. */
    public static TestCertBuilder ca(String cn, Instant now) {
        TestCertBuilder b = usual(cn, now);
        b.ca = true;
        b.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
        return b;
    }

    private static TestCertBuilder usual(String cn, Instant now) {
        TestCertBuilder b = new TestCertBuilder(cn, TestKeys.ecKey());
        b.keyIds = true;
        return b.validity(now.minusSeconds(DAY), now.plusSeconds(365 * DAY));
    }

    /** Nothing that is not stated: no basicConstraints, keyUsage, SKI or AKI; valid from a day before the build for 30 days. */
    public static TestCertBuilder bare(String cn, KeyPair key) {
        return new TestCertBuilder(cn, key);
    }

    /** Signed by this certificate's key, under its subject; self-signed when never called. */
    public TestCertBuilder issuer(Issued issuer) {
        this.issuer = issuer;
        return this;
    }

    public TestCertBuilder validity(Instant from, Instant to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    /** The pathLenConstraint of a CA:TRUE basicConstraints. */
    public TestCertBuilder pathLen(int pathLen) {
        this.pathLen = pathLen;
        return this;
    }

    /** basicConstraints (critical) with CA:TRUE or CA:FALSE. */
    public TestCertBuilder basicConstraints(boolean ca) {
        this.ca = ca;
        return this;
    }

    /** basicConstraints CA:FALSE on what was a CA. */
    public TestCertBuilder notCa() {
        return basicConstraints(false);
    }

    public TestCertBuilder noBasicConstraints() {
        this.ca = null;
        return this;
    }

    /** keyUsage bits (org.bouncycastle.asn1.x509.KeyUsage constants), critical; null leaves keyUsage out. */
    public TestCertBuilder keyUsage(Integer bits) {
        this.keyUsage = bits;
        return this;
    }

    public TestCertBuilder eku(KeyPurposeId... purposes) {
        eku.addAll(List.of(purposes));
        return this;
    }

    public TestCertBuilder dns(String... names) {
        for (String n : names) {
            san.add(new GeneralName(GeneralName.dNSName, n));
        }
        return this;
    }

    public TestCertBuilder ip(String address) {
        try {
            san.add(new GeneralName(
                    GeneralName.iPAddress,
                    new DEROctetString(InetAddress.getByName(address).getAddress())));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
        return this;
    }

    /** Any further extension, such as one ca-tool has no name for, from its encoded value. */
    public TestCertBuilder extension(String oid, boolean critical, byte[] value) {
        extra.add(new Extension(new ASN1ObjectIdentifier(oid), critical, value));
        return this;
    }

    public TestCertBuilder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return extension(oid.getId(), critical, value.toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This key pair instead of a new P-256 one. */
    public TestCertBuilder key(KeyPair pair) {
        this.key = pair;
        return this;
    }

    public TestCertBuilder serial(BigInteger value) {
        this.serial = value;
        return this;
    }

    /** Writes this issuer name, whoever signs (an empty one makes a malformed certificate). */
    public TestCertBuilder issuerName(X500Name name) {
        this.issuerNameOverride = name;
        return this;
    }

    /** Leaves out the authorityKeyIdentifier that leaf and ca add. */
    public TestCertBuilder noAuthorityKeyId() {
        this.authorityKeyId = false;
        return this;
    }

    /** A version 1 certificate: no extensions at all, whatever was stated, as openssl req -x509 makes from an empty section. */
    public TestCertBuilder v1() {
        this.v1 = true;
        return this;
    }

    /** Version 1 or 2 in the TBS, with whatever extensions were stated (a plain version 1 when none). */
    public TestCertBuilder version(int version) {
        this.version = version;
        return this;
    }

    /** Signs with this JCA algorithm (for example "SHA1withECDSA"), whatever the issuer's key would pick. */
    public TestCertBuilder signedWith(String algorithm) {
        this.signatureAlgorithm = algorithm;
        return this;
    }

    public Issued build() {
        X500Name subject = new X500Name("CN=" + cn);
        KeyPair signer = issuer == null ? key : issuer.key();
        X500Name issuerName =
                issuerNameOverride != null ? issuerNameOverride : issuer == null ? subject : issuer.subject();
        String alg = signatureAlgorithm != null
                ? signatureAlgorithm
                : switch (signer.getPublic().getAlgorithm()) {
                    case "EC" -> "SHA256withECDSA";
                    case "RSA" -> "SHA256withRSA";
                    default -> "Ed25519";
                };
        Instant now = Instant.now();
        Date from = Date.from(notBefore != null ? notBefore : now.minusSeconds(DAY));
        Date to = Date.from(notAfter != null ? notAfter : now.plusSeconds(30 * DAY));
        BigInteger number = serial != null ? serial : BigInteger.valueOf(SERIALS.incrementAndGet());
        SubjectPublicKeyInfo spki =
                SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
        try {
            ContentSigner contentSigner = signer(alg, signer);
            if (v1
                    || version == 1
                            && ca == null
                            && keyUsage == null
                            && eku.isEmpty()
                            && san.isEmpty()
                            && extra.isEmpty()
                            && !keyIds) {
                return new Issued(
                        new X509v1CertificateBuilder(issuerName, number, from, to, subject, spki)
                                .build(contentSigner)
                                .getEncoded(),
                        key,
                        subject);
            }
            var b = new X509v3CertificateBuilder(issuerName, number, from, to, subject, spki);
            if (ca != null) {
                b.addExtension(
                        Extension.basicConstraints,
                        true,
                        ca && pathLen != null ? new BasicConstraints(pathLen) : new BasicConstraints(ca));
            }
            if (keyUsage != null) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            }
            if (!eku.isEmpty()) {
                b.addExtension(
                        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku.toArray(KeyPurposeId[]::new)));
            }
            if (!san.isEmpty()) {
                b.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            }
            for (Extension e : extra) {
                b.addExtension(e);
            }
            if (keyIds) {
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                b.addExtension(
                        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key.getPublic()));
                if (issuer != null && authorityKeyId) {
                    b.addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            new AuthorityKeyIdentifier(utils.createSubjectKeyIdentifier(
                                            issuer.key().getPublic())
                                    .getKeyIdentifier()));
                }
            }
            byte[] der = b.build(contentSigner).getEncoded();
            return new Issued(version == 3 ? der : withVersion(der, version, alg, signer), key, subject);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(String alg, KeyPair signer) throws OperatorCreationException {
        return new JcaContentSignerBuilder(alg).setProvider(BC).build(signer.getPrivate());
    }

    /** The same TBS with another version field (absent for 1, [0] INTEGER 1 for 2), signed again. */
    private static byte[] withVersion(byte[] der, int version, String alg, KeyPair signer)
            throws IOException, OperatorCreationException {
        ASN1Sequence cert = ASN1Sequence.getInstance(der);
        ASN1EncodableVector v = new ASN1EncodableVector();
        if (version == 2) {
            v.add(new DERTaggedObject(true, 0, new ASN1Integer(1)));
        }
        for (ASN1Encodable e : ASN1Sequence.getInstance(cert.getObjectAt(0))) {
            if (!(e instanceof ASN1TaggedObject t && t.getTagNo() == 0)) {
                v.add(e);
            }
        }
        DERSequence tbs = new DERSequence(v);
        ContentSigner s = signer(alg, signer);
        s.getOutputStream().write(tbs.getEncoded());
        return new DERSequence(new ASN1Encodable[] {tbs, cert.getObjectAt(1), new DERBitString(s.getSignature())})
                .getEncoded();
    }
}
