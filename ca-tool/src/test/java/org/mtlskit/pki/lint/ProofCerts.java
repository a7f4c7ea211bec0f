package org.mtlskit.pki.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
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
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates that break one rule each, built with Bouncy Castle: every extension is stated by the
 * test; none is added behind its back. Kept as DER, since some (a version 1 certificate with
 * extensions) are what the JDK would not even load.
 */
final class ProofCerts {
    private static final AtomicLong SERIALS = new AtomicLong(5000);
    static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    record Issued(byte[] der, KeyPair key, X500Name subject) {
        String pem() {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
        }
    }

    static KeyPair ec() {
        return generate("EC", new ECGenParameterSpec("secp256r1"), 0);
    }

    static KeyPair rsa(int bits) {
        return generate("RSA", null, bits);
    }

    static KeyPair ed25519() {
        return generate("Ed25519", null, 0);
    }

    /** A key whose SubjectPublicKeyInfo says id-RSASSA-PSS, not rsaEncryption. */
    static KeyPair rsaPss() {
        return generate("RSASSA-PSS", null, 2048);
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                g.initialize(spec);
            } else if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Builder cert(String cn, KeyPair key) {
        return new Builder(cn, key);
    }

    static Path write(Path dir, String name, Issued... certs) {
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

    static final class Builder {
        private final String cn;
        private final KeyPair key;
        private Issued issuer;
        private String signature;
        private Boolean ca;
        private Integer keyUsage;
        private final List<KeyPurposeId> eku = new ArrayList<>();
        private final List<GeneralName> san = new ArrayList<>();
        private final List<Extension> extra = new ArrayList<>();
        private int version = 3;

        private Builder(String cn, KeyPair key) {
            this.cn = cn;
            this.key = key;
        }

        Builder issuer(Issued issuer) {
            this.issuer = issuer;
            return this;
        }

        Builder signature(String jcaAlgorithm) {
            this.signature = jcaAlgorithm;
            return this;
        }

        /** basicConstraints (critical): CA:TRUE or CA:FALSE. */
        Builder ca(boolean ca) {
            this.ca = ca;
            return this;
        }

        Builder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        Builder eku(KeyPurposeId... purposes) {
            eku.addAll(List.of(purposes));
            return this;
        }

        Builder dns(String... names) {
            for (String n : names) {
                san.add(new GeneralName(GeneralName.dNSName, n));
            }
            return this;
        }

        Builder ip(String address) {
            try {
                san.add(new GeneralName(GeneralName.iPAddress,
                        new DEROctetString(java.net.InetAddress.getByName(address).getAddress())));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(address, e);
            }
            return this;
        }

        Builder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            try {
                extra.add(new Extension(oid, critical, value.toASN1Primitive().getEncoded()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** Version 1 or 2 in the TBS, with whatever extensions were given (a version 1 without extensions when none). */
        Builder version(int version) {
            this.version = version;
            return this;
        }

        Issued build() {
            X500Name subject = new X500Name("CN=" + cn);
            KeyPair signer = issuer == null ? key : issuer.key();
            X500Name issuerName = issuer == null ? subject : issuer.subject();
            String alg = signature != null ? signature : switch (signer.getPublic().getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> "Ed25519";
            };
            Instant now = Instant.now();
            BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet());
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
            try {
                ContentSigner contentSigner = new JcaContentSignerBuilder(alg).setProvider(BC).build(signer.getPrivate());
                Date from = Date.from(now.minusSeconds(86_400));
                Date to = Date.from(now.plusSeconds(30L * 86_400));
                boolean noExtensions = ca == null && keyUsage == null && eku.isEmpty() && san.isEmpty() && extra.isEmpty();
                if (version == 1 && noExtensions) {
                    byte[] der = new X509v1CertificateBuilder(issuerName, serial, from, to, subject, spki)
                            .build(contentSigner).getEncoded();
                    return new Issued(der, key, subject);
                }
                X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName, serial, from, to, subject, spki);
                if (ca != null) {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
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
                byte[] der = b.build(contentSigner).getEncoded();
                return new Issued(version == 3 ? der : withVersion(der, version, alg, signer), key, subject);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (org.bouncycastle.operator.OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The same TBS with another version field, signed again. */
        private static byte[] withVersion(byte[] der, int version, String alg, KeyPair signer) throws IOException {
            ASN1Sequence cert = ASN1Sequence.getInstance(der);
            ASN1Sequence tbs = ASN1Sequence.getInstance(cert.getObjectAt(0));
            ASN1EncodableVector v = new ASN1EncodableVector();
            if (version == 2) {
                v.add(new DERTaggedObject(true, 0, new ASN1Integer(1)));
            }
            for (ASN1Encodable e : tbs) {
                if (!(e instanceof ASN1TaggedObject t && t.getTagNo() == 0)) {
                    v.add(e);
                }
            }
            byte[] newTbs = new DERSequence(v).getEncoded();
            try {
                ContentSigner s = new JcaContentSignerBuilder(alg).setProvider(BC).build(signer.getPrivate());
                s.getOutputStream().write(newTbs);
                return new DERSequence(new ASN1Encodable[] {new DERSequence(v), cert.getObjectAt(1),
                    new DERBitString(s.getSignature())}).getEncoded();
            } catch (org.bouncycastle.operator.OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
