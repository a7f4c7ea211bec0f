package org.mtlskit.pki.internal.lint;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

/**
 * What the lint rules look at in one certificate, read from its DER or predicted from a profile.
 *
 * @param version        1, 2 or 3
 * @param subject        the subject DN, for messages
 * @param commonName     the subject's CN, or null
 * @param selfIssued     subject equals issuer
 * @param ca             basicConstraints cA; false when the extension is absent
 * @param critical       OIDs of the critical extensions
 * @param nonCritical    OIDs of the other extensions
 * @param key            the subject public key
 * @param signature      the algorithm the issuer signed with
 * @param keyUsage       the keyUsage bits, or null when the certificate has no keyUsage
 * @param extendedKeyUsage EKU purpose OIDs, or null when there is no extendedKeyUsage
 * @param sanPresent     whether there is a subjectAltName extension
 * @param dnsNames       its dNSName entries
 * @param ipAddresses    its iPAddress entries
 * @param derLength      the DER length in bytes (estimated for a profile)
 */
public record CertFacts(
        int version,
        String subject,
        String commonName,
        boolean selfIssued,
        boolean ca,
        Set<String> critical,
        Set<String> nonCritical,
        KeyFacts.PublicKeyKind key,
        SignatureKind signature,
        Set<KeyUsageBit> keyUsage,
        List<String> extendedKeyUsage,
        boolean sanPresent,
        List<String> dnsNames,
        List<String> ipAddresses,
        int derLength) {

    static final String EKU_SERVER = KeyPurposeId.id_kp_serverAuth.getId();
    static final String EKU_CLIENT = KeyPurposeId.id_kp_clientAuth.getId();
    static final String EKU_ANY = KeyPurposeId.anyExtendedKeyUsage.getId();

    /**
     * A signature algorithm.
     *
     * @param name   a short name (sha256WithRSAEncryption, ecdsa-with-SHA1, RSASSA-PSS, Ed25519, or the OID)
     * @param digest the digest (MD5, SHA1, SHA224, SHA256, SHA384, SHA512), or null for EdDSA and unknown ones
     * @param eddsa  whether it is Ed25519 or Ed448
     */
    public record SignatureKind(String name, String digest, boolean eddsa) {}

    /** Whether a leaf (not a CA) can serve as a TLS server: its EKU is absent or allows serverAuth. */
    boolean serverLeaf() {
        return !ca
                && (extendedKeyUsage == null
                        || extendedKeyUsage.contains(EKU_SERVER)
                        || extendedKeyUsage.contains(EKU_ANY));
    }

    boolean clientLeaf() {
        return !ca
                && (extendedKeyUsage == null
                        || extendedKeyUsage.contains(EKU_CLIENT)
                        || extendedKeyUsage.contains(EKU_ANY));
    }

    /** Reads a certificate's DER with Bouncy Castle's ASN.1 classes, which take v1 certificates with extensions too. */
    static CertFacts of(byte[] der) {
        Certificate c = Certificate.getInstance(der);
        Extensions exts = c.getTBSCertificate().getExtensions();
        Set<String> critical = new LinkedHashSet<>();
        Set<String> nonCritical = new LinkedHashSet<>();
        Set<KeyUsageBit> ku = null;
        List<String> eku = null;
        boolean ca = false;
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        boolean san = false;
        if (exts != null) {
            for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
                (exts.getExtension(oid).isCritical() ? critical : nonCritical).add(oid.getId());
            }
            BasicConstraints bc = BasicConstraints.fromExtensions(exts);
            ca = bc != null && bc.isCA();
            KeyUsage k = KeyUsage.fromExtensions(exts);
            if (k != null) {
                ku = EnumSet.noneOf(KeyUsageBit.class);
                for (KeyUsageBit bit : KeyUsageBit.values()) {
                    int i = bit.jcaIndex();
                    if (k.hasUsages(i < 8 ? 1 << (7 - i) : 1 << 15)) {
                        ku.add(bit);
                    }
                }
            }
            org.bouncycastle.asn1.x509.ExtendedKeyUsage e =
                    org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(exts);
            if (e != null) {
                eku = new ArrayList<>();
                for (KeyPurposeId id : e.getUsages()) {
                    eku.add(id.getId());
                }
            }
            GeneralNames names = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
            if (names != null) {
                san = true;
                for (GeneralName n : names.getNames()) {
                    if (n.getTagNo() == GeneralName.dNSName) {
                        dns.add(((ASN1String) n.getName()).getString());
                    } else if (n.getTagNo() == GeneralName.iPAddress) {
                        ips.add(ip(ASN1OctetString.getInstance(n.getName()).getOctets()));
                    }
                }
            }
        }
        X500Name subject = c.getSubject();
        return new CertFacts(
                c.getTBSCertificate().getVersionNumber(),
                subject.toString(),
                commonName(subject),
                subject.equals(c.getIssuer()),
                ca,
                critical,
                nonCritical,
                publicKey(c.getSubjectPublicKeyInfo()),
                signature(c.getSignatureAlgorithm()),
                ku,
                eku,
                san,
                dns,
                ips,
                der.length);
    }

    private static String ip(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            return "(" + octets.length + " bytes)";
        }
    }

    private static String commonName(X500Name name) {
        for (RDN rdn : name.getRDNs(BCStyle.CN)) {
            return rdn.getFirst().getValue().toString();
        }
        return null;
    }

    static KeyFacts.PublicKeyKind publicKey(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        try {
            if (alg.equals(PKCSObjectIdentifiers.rsaEncryption) || alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                BigInteger modulus =
                        RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus();
                return new KeyFacts.PublicKeyKind(
                        alg.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : "RSASSA-PSS",
                        modulus.bitLength(),
                        null);
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            return new KeyFacts.PublicKeyKind("RSA", 0, null);
        }
        if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1ObjectIdentifier curve =
                    ASN1ObjectIdentifier.getInstance(spki.getAlgorithm().getParameters());
            String name = switch (curve.getId()) {
                case "1.2.840.10045.3.1.7" -> "P-256";
                case "1.3.132.0.34" -> "P-384";
                case "1.3.132.0.35" -> "P-521";
                default -> ECNamedCurveTable.getName(curve) == null ? curve.getId() : ECNamedCurveTable.getName(curve);
            };
            int bits = ECNamedCurveTable.getByOID(curve) == null
                    ? 0
                    : ECNamedCurveTable.getByOID(curve).getCurve().getFieldSize();
            return new KeyFacts.PublicKeyKind("EC", bits, name);
        }
        return KeyFacts.PublicKeyKind.ofOid(alg.getId());
    }

    static SignatureKind signature(AlgorithmIdentifier alg) {
        String oid = alg.getAlgorithm().getId();
        return switch (oid) {
            case "1.2.840.113549.1.1.4" -> new SignatureKind("md5WithRSAEncryption", "MD5", false);
            case "1.2.840.113549.1.1.5" -> new SignatureKind("sha1WithRSAEncryption", "SHA1", false);
            case "1.2.840.113549.1.1.14" -> new SignatureKind("sha224WithRSAEncryption", "SHA224", false);
            case "1.2.840.113549.1.1.11" -> new SignatureKind("sha256WithRSAEncryption", "SHA256", false);
            case "1.2.840.113549.1.1.12" -> new SignatureKind("sha384WithRSAEncryption", "SHA384", false);
            case "1.2.840.113549.1.1.13" -> new SignatureKind("sha512WithRSAEncryption", "SHA512", false);
            case "1.2.840.10045.4.1" -> new SignatureKind("ecdsa-with-SHA1", "SHA1", false);
            case "1.2.840.10045.4.3.1" -> new SignatureKind("ecdsa-with-SHA224", "SHA224", false);
            case "1.2.840.10045.4.3.2" -> new SignatureKind("ecdsa-with-SHA256", "SHA256", false);
            case "1.2.840.10045.4.3.3" -> new SignatureKind("ecdsa-with-SHA384", "SHA384", false);
            case "1.2.840.10045.4.3.4" -> new SignatureKind("ecdsa-with-SHA512", "SHA512", false);
            case "1.3.101.112" -> new SignatureKind("Ed25519", null, true);
            case "1.3.101.113" -> new SignatureKind("Ed448", null, true);
            case "1.2.840.113549.1.1.10" -> new SignatureKind("RSASSA-PSS", pssDigest(alg), false);
            default -> new SignatureKind(oid, null, false);
        };
    }

    private static String pssDigest(AlgorithmIdentifier alg) {
        String hash = RSASSAPSSparams.getInstance(alg.getParameters())
                .getHashAlgorithm()
                .getAlgorithm()
                .getId();
        return switch (hash) {
            case "1.3.14.3.2.26" -> "SHA1";
            case "2.16.840.1.101.3.4.2.4" -> "SHA224";
            case "2.16.840.1.101.3.4.2.1" -> "SHA256";
            case "2.16.840.1.101.3.4.2.2" -> "SHA384";
            case "2.16.840.1.101.3.4.2.3" -> "SHA512";
            default -> null;
        };
    }
}
