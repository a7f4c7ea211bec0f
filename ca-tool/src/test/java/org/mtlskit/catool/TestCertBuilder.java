package org.mtlskit.catool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DEROctetString;
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
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for situations a profile cannot describe (a CA without its CA flag, a partial
 * wildcard, anyExtendedKeyUsage, a v1 root, ...), built directly with Bouncy Castle: every
 * extension is stated by the test, nothing is added behind its back except SKI and AKI.
 */
final class TestCertBuilder {
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate with its key, to sign others with. */
    record Issued(X509Certificate cert, KeyPair key) {
    }

    private final String cn;
    private KeyPair key = ecKey();
    private Issued issuer;
    private Instant notBefore;
    private Instant notAfter;
    private boolean basicConstraints = true;
    private boolean ca;
    private Integer pathLen;
    private Integer keyUsage;
    private final List<KeyPurposeId> eku = new ArrayList<>();
    private final List<GeneralName> san = new ArrayList<>();
    private boolean v1;
    private final List<Extension> extra = new ArrayList<>();
    private BigInteger serial;
    private boolean authorityKeyId = true;
    private X500Name issuerNameOverride;
    private String signatureAlgorithm = "SHA256withECDSA";
    private String explicitSignatureAlgorithm;

    private TestCertBuilder(String cn, Instant now) {
        this.cn = cn;
        this.notBefore = now.minusSeconds(86_400);
        this.notAfter = now.plusSeconds(365L * 86_400);
    }

    /** A leaf: CA:FALSE, keyUsage digitalSignature, no EKU, no SAN until given. */
    static TestCertBuilder leaf(String cn, Instant now) {
        TestCertBuilder b = new TestCertBuilder(cn, now);
        b.keyUsage = KeyUsage.digitalSignature;
        return b;
    }

    /** A CA: CA:TRUE without pathLen, keyUsage keyCertSign and cRLSign. */
    static TestCertBuilder ca(String cn, Instant now) {
        TestCertBuilder b = new TestCertBuilder(cn, now);
        b.ca = true;
        b.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
        return b;
    }

    TestCertBuilder issuer(Issued issuer) {
        this.issuer = issuer;
        return this;
    }

    TestCertBuilder validity(Instant from, Instant to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    TestCertBuilder pathLen(int pathLen) {
        this.pathLen = pathLen;
        return this;
    }

    /** basicConstraints CA:FALSE on what was a CA. */
    TestCertBuilder notCa() {
        this.ca = false;
        return this;
    }

    TestCertBuilder noBasicConstraints() {
        this.basicConstraints = false;
        return this;
    }

    /** keyUsage bits (org.bouncycastle.asn1.x509.KeyUsage constants); null leaves keyUsage out. */
    TestCertBuilder keyUsage(Integer bits) {
        this.keyUsage = bits;
        return this;
    }

    TestCertBuilder eku(KeyPurposeId... purposes) {
        eku.addAll(List.of(purposes));
        return this;
    }

    TestCertBuilder dns(String... names) {
        for (String n : names) {
            san.add(new GeneralName(GeneralName.dNSName, n));
        }
        return this;
    }

    TestCertBuilder ip(String address) {
        try {
            san.add(new GeneralName(GeneralName.iPAddress,
                    new DEROctetString(java.net.InetAddress.getByName(address).getAddress())));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
        return this;
    }

    /** Any further extension, such as one ca-tool has no name for. */
    TestCertBuilder extension(String oid, boolean critical, byte[] value) {
        extra.add(new Extension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(oid), critical, value));
        return this;
    }

    /** This key pair instead of a new P-256 one (an RSA key: the signer's algorithm follows the issuer's key). */
    TestCertBuilder key(KeyPair pair) {
        this.key = pair;
        return this;
    }

    TestCertBuilder serial(BigInteger value) {
        this.serial = value;
        return this;
    }

    /** Writes this issuer name, whoever signs (an empty one makes a malformed certificate). */
    TestCertBuilder issuerName(X500Name name) {
        this.issuerNameOverride = name;
        return this;
    }

    /** Leaves out the authorityKeyIdentifier. */
    TestCertBuilder noAuthorityKeyId() {
        this.authorityKeyId = false;
        return this;
    }

    static KeyPair rsaKey(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A version 1 certificate: no extensions at all, as openssl req -x509 makes from an empty section. */
    TestCertBuilder v1() {
        this.v1 = true;
        return this;
    }

    /** Signs with this JCA algorithm (for example "SHA1withECDSA"), whatever the issuer's key would pick. */
    TestCertBuilder signedWith(String algorithm) {
        this.explicitSignatureAlgorithm = algorithm;
        return this;
    }

    Issued build() {
        X500Name subject = new X500Name("CN=" + cn);
        X500Name issuerName = issuerNameOverride != null ? issuerNameOverride : issuer == null ? subject
                : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
        PrivateKey signer = issuer == null ? key.getPrivate() : issuer.key().getPrivate();
        BigInteger serial = this.serial != null ? this.serial : BigInteger.valueOf(SERIALS.incrementAndGet());
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
        try {
            var contentSigner = new JcaContentSignerBuilder(explicitSignatureAlgorithm != null ? explicitSignatureAlgorithm
                    : signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : signatureAlgorithm).build(signer);
            if (v1) {
                var b = new X509v1CertificateBuilder(issuerName, serial, Date.from(notBefore), Date.from(notAfter),
                        subject, spki);
                return new Issued(new JcaX509CertificateConverter().getCertificate(b.build(contentSigner)), key);
            }
            var b = new X509v3CertificateBuilder(issuerName, serial, Date.from(notBefore), Date.from(notAfter),
                    subject, spki);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            if (basicConstraints) {
                b.addExtension(Extension.basicConstraints, true,
                        ca ? (pathLen == null ? new BasicConstraints(true) : new BasicConstraints(pathLen))
                                : new BasicConstraints(false));
            }
            if (keyUsage != null) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            }
            if (!eku.isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku.toArray(KeyPurposeId[]::new)));
            }
            if (!san.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
            }
            for (Extension e : extra) {
                b.addExtension(e);
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key.getPublic()));
            if (issuer != null && authorityKeyId) {
                b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(
                        utils.createSubjectKeyIdentifier(issuer.key().getPublic()).getKeyIdentifier()));
            }
            return new Issued(new JcaX509CertificateConverter().getCertificate(b.build(contentSigner)), key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
