package org.mtlskit.pki.internal.x509;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.mtlskit.pki.PkiException;

/**
 * What can be said about a key without its private material: its type, size and curve, and the
 * SHA-256 fingerprint of its public part. Also derives the public key of a private key, so that a
 * key file alone is enough to make a CSR.
 */
public final class PublicKeys {
    private PublicKeys() {}

    /**
     * A key's public facts.
     *
     * @param algorithm "RSA", "EC", "Ed25519", "Ed448", "DSA", or the algorithm OID for others
     * @param bits      RSA modulus length, EC field size, 256 for Ed25519, 456 for Ed448, DSA p length; 0 if unknown
     * @param curve     for EC keys: "P-256", "P-384", "P-521", or the curve OID; else null
     * @param sha256    SHA-256 of the DER SubjectPublicKeyInfo, as colon-separated upper-case hex
     */
    public record Description(String algorithm, int bits, String curve, String sha256) {
        /** "RSA-4096", "EC P-256", "Ed25519", ... */
        public String displayName() {
            if (algorithm.equals("EC")) {
                return "EC " + (curve == null ? bits + " bits" : curve);
            }
            if (algorithm.startsWith("Ed")) {
                return algorithm;
            }
            return bits > 0 ? algorithm + "-" + bits : algorithm;
        }
    }

    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            X9ObjectIdentifiers.prime256v1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384",
            SECObjectIdentifiers.secp521r1, "P-521");

    public static Description describe(PublicKey key) {
        return describe(SubjectPublicKeyInfo.getInstance(key.getEncoded()), key);
    }

    /** The same from an encoded public key, as a CSR carries it. */
    public static Description describe(SubjectPublicKeyInfo info) {
        PublicKey key = null;
        try {
            key = new JcaPEMKeyConverter().getPublicKey(info);
        } catch (IOException | RuntimeException e) {
            // a key type this JDK cannot read: described by its OID alone
        }
        return describe(info, key);
    }

    private static Description describe(SubjectPublicKeyInfo info, PublicKey key) {
        String sha256 = fingerprint(der(info));
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        if (key instanceof RSAPublicKey rsa) {
            return new Description("RSA", rsa.getModulus().bitLength(), null, sha256);
        }
        if (key instanceof java.security.interfaces.ECPublicKey ec) {
            String curve = info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier named
                    ? CURVES.getOrDefault(named, named.getId())
                    : null;
            return new Description("EC", ec.getParams().getCurve().getField().getFieldSize(), curve, sha256);
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return new Description("DSA", dsa.getParams().getP().bitLength(), null, sha256);
        }
        return switch (oid.getId()) {
            case "1.3.101.112" -> new Description("Ed25519", 256, null, sha256);
            case "1.3.101.113" -> new Description("Ed448", 456, null, sha256);
            case "1.2.840.10040.4.1" -> new Description("DSA", 0, null, sha256);
            default -> new Description(oid.getId(), 0, null, sha256);
        };
    }

    /** The public key that belongs to the private key read from {@code file} (RSA, EC, Ed25519, Ed448). */
    public static PublicKey of(Path file, PrivateKey privateKey) {
        try {
            AsymmetricKeyParameter priv =
                    PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(privateKey.getEncoded()));
            AsymmetricKeyParameter pub;
            if (priv instanceof RSAPrivateCrtKeyParameters rsa) {
                pub = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
            } else if (priv instanceof ECPrivateKeyParameters ec) {
                pub = new ECPublicKeyParameters(
                        ec.getParameters().getG().multiply(ec.getD()).normalize(), ec.getParameters());
            } else if (priv instanceof Ed25519PrivateKeyParameters ed) {
                pub = ed.generatePublicKey();
            } else if (priv instanceof Ed448PrivateKeyParameters ed) {
                pub = ed.generatePublicKey();
            } else {
                throw new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT,
                        file + ": holds a " + privateKey.getAlgorithm()
                                + " key, whose public key ca-tool cannot derive; use RSA, EC or Ed25519");
            }
            SubjectPublicKeyInfo info = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub);
            if (priv instanceof ECPrivateKeyParameters) {
                // Keep the curve as the private key names it (a named curve OID), not explicit parameters.
                info = new SubjectPublicKeyInfo(
                        PrivateKeyInfo.getInstance(privateKey.getEncoded()).getPrivateKeyAlgorithm(),
                        info.getPublicKeyData().getBytes());
            }
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (IOException e) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    file + ": cannot derive the public key of its " + privateKey.getAlgorithm() + " key: "
                            + e.getMessage(),
                    e);
        }
    }

    /** SHA-256 of {@code der} as colon-separated upper-case hex, as openssl -fingerprint prints it. */
    public static String fingerprint(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private static byte[] der(SubjectPublicKeyInfo info) {
        try {
            return info.getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a public key", e);
        }
    }
}
