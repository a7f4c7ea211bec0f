package org.mtlskit.pki.internal.verify;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.pem.PemBlocks;
import org.mtlskit.pki.internal.x509.BcProvider;
import org.mtlskit.pki.internal.x509.ExtensionNames;

/**
 * Certificates that parse as DER but break X.509's structure rules, which a verifier must refuse
 * with a reason rather than fail on: duplicate extensions (RFC 5280 4.2), an empty issuer (4.1.2.4),
 * an empty subject without a critical subjectAltName (4.1.2.6), extensions in a v1/v2 certificate,
 * a signature algorithm that differs between the TBS and the certificate (4.1.1.2), explicit EC
 * curve parameters (RFC 5480 2.1.1), a public key that cannot be used (an RSA modulus that is
 * even or an exponent under 3; an EC point not on its curve), and an extension a verifier reads
 * whose value cannot be decoded ({@link ExtensionChecks}), named in the reason.
 */
public final class MalformedCertificates {
    private MalformedCertificates() {}

    /**
     * A file's certificates that the JDK could read (malformed ones too, which the verifier
     * refuses), what is wrong with each malformed one, and whether the first could be read.
     */
    public record Loaded(List<X509Certificate> certificates, List<String> malformed, boolean firstReadable) {}

    /**
     * Every certificate of a PEM file. A block that is not a certificate at all (not a SEQUENCE of
     * TBS, algorithm and signature) is unusable input, as before; one that is but breaks a rule is
     * listed as malformed, with its position in the file (and kept when the JDK can read it).
     */
    public static Loaded read(Path file) {
        List<X509Certificate> certs = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        int n = 0;
        boolean firstReadable = false;
        for (byte[] der : Pem.readCertificateBlocks(file)) {
            n++;
            if (!certificateShaped(der)) {
                throw PkiException.unusableInput(file + ": certificate " + n + " is not an X.509 certificate");
            }
            String problem = problem(der);
            try {
                certs.add((X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
                firstReadable |= n == 1;
            } catch (CertificateException | RuntimeException e) {
                problem = problem != null ? problem : e.getMessage();
            }
            if (problem != null) {
                malformed.add(file + ": certificate " + n + ": " + problem);
            }
        }
        return new Loaded(certs, malformed, firstReadable);
    }

    /** A CRL file's CRL, or why it cannot be read as far as a verifier reads it (then crl is null). */
    public record LoadedCrl(X509CRL crl, String malformed) {}

    /**
     * The CRL of a PEM file. A file that holds no CRL block is unusable input, as before; a CRL
     * block that cannot be decoded, or with an extension that cannot be, is returned as malformed,
     * naming the file and the extension, so a verifier refuses it rather than stopping.
     */
    public static LoadedCrl readCrl(Path file) {
        List<Object> objects = PemBlocks.readObjects(file, "a CRL (-----BEGIN X509 CRL-----)");
        if (!(objects.get(0) instanceof org.bouncycastle.cert.X509CRLHolder holder)) {
            return new LoadedCrl(Pem.readCrl(file), null);
        }
        String problem = CrlChecks.undecodable(holder);
        if (problem != null) {
            return new LoadedCrl(null, file + ": " + problem);
        }
        try {
            return new LoadedCrl(Pem.readCrl(file), null);
        } catch (PkiException e) {
            return new LoadedCrl(null, e.getMessage());
        }
    }

    static boolean certificateShaped(byte[] der) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            return seq.size() == 3 && seq.getObjectAt(0) instanceof ASN1Sequence;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** What is wrong with a certificate-shaped DER encoding, or null when nothing is. */
    static String problem(byte[] der) {
        try {
            ASN1Sequence cert = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            ASN1Sequence tbs = ASN1Sequence.getInstance(cert.getObjectAt(0));
            int i = 0;
            int version = 1;
            if (tbs.getObjectAt(0) instanceof ASN1TaggedObject t && t.getTagNo() == 0) {
                version = org.bouncycastle.asn1.ASN1Integer.getInstance(t.getExplicitBaseObject())
                                .intValueExact()
                        + 1;
                i = 1;
            }
            AlgorithmIdentifier inner = AlgorithmIdentifier.getInstance(tbs.getObjectAt(i + 1));
            X500Name issuer = X500Name.getInstance(tbs.getObjectAt(i + 2));
            X500Name subject = X500Name.getInstance(tbs.getObjectAt(i + 4));
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(tbs.getObjectAt(i + 5));
            if (!inner.equals(AlgorithmIdentifier.getInstance(cert.getObjectAt(1)))) {
                return "the signature algorithm of the TBS differs from the certificate's";
            }
            if (issuer.getRDNs().length == 0) {
                return "the issuer name is empty";
            }
            Set<ASN1ObjectIdentifier> seen = new HashSet<>();
            boolean criticalSan = false;
            for (int k = i + 6; k < tbs.size(); k++) {
                ASN1TaggedObject t = ASN1TaggedObject.getInstance(tbs.getObjectAt(k));
                if (t.getTagNo() != 3) {
                    continue;
                }
                if (version < 3) {
                    return "extensions in a version " + version + " certificate";
                }
                for (ASN1Encodable e : ASN1Sequence.getInstance(t.getExplicitBaseObject())) {
                    org.bouncycastle.asn1.x509.Extension ext = org.bouncycastle.asn1.x509.Extension.getInstance(e);
                    if (!seen.add(ext.getExtnId())) {
                        return "the extension " + ExtensionNames.name(ext.getExtnId()) + " appears twice";
                    }
                    String undecodable = ExtensionChecks.problem(ext);
                    if (undecodable != null) {
                        return undecodable;
                    }
                    criticalSan |= ext.getExtnId().equals(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName)
                            && ext.isCritical();
                }
            }
            if (subject.getRDNs().length == 0 && !criticalSan) {
                return "the subject name is empty and no critical subjectAltName names it";
            }
            return keyProblem(spki);
        } catch (java.io.IOException | RuntimeException e) {
            return "cannot be decoded (" + e.getMessage() + ")";
        }
    }

    private static String keyProblem(SubjectPublicKeyInfo spki) {
        AlgorithmIdentifier alg = spki.getAlgorithm();
        if (alg.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
                && !(alg.getParameters() instanceof ASN1ObjectIdentifier)) {
            return "the EC key has explicit curve parameters instead of a named curve";
        }
        try {
            java.security.PublicKey key =
                    new JcaPEMKeyConverter().setProvider(BcProvider.get()).getPublicKey(spki);
            if (key instanceof RSAPublicKey rsa
                    && (!rsa.getModulus().testBit(0)
                            || rsa.getModulus().signum() <= 0
                            || rsa.getPublicExponent().compareTo(java.math.BigInteger.valueOf(3)) < 0)) {
                return "the RSA public key is invalid";
            }
            return null;
        } catch (Exception e) {
            return "the public key is invalid (" + e.getMessage() + ")";
        }
    }
}
