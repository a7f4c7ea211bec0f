package org.mtlskit.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Compares a certificate on disk with what its profile would make now, so that fixtures keeps
 * what is still right and says why it re-makes the rest.
 */
final class ProfileMatch {
    private ProfileMatch() {
    }

    /**
     * The reasons {@code cert} no longer fits {@code profile}; empty when it can be kept.
     *
     * @param issuerCert the certificate of the issuer as it will be after this run (itself for a root)
     */
    public static List<String> differences(Profile profile, X509Certificate cert, X509Certificate issuerCert,
                                           Instant now, Duration renewWithin) {
        return differences(profile, cert, new Issuer(issuerCert.getSubjectX500Principal().getEncoded(),
                issuerCert.getPublicKey(), issuerCert.getPublicKey().getAlgorithm(), issuerCert == cert), now, renewWithin);
    }

    /**
     * The issuer as it will be after a run, known before anything is made: its subject, and its
     * public key, or null when the run gives it a new key (of {@code keyAlgorithm}).
     *
     * @param self the certificate is its own issuer (a root)
     */
    record Issuer(byte[] subject, java.security.PublicKey key, String keyAlgorithm, boolean self) {
    }

    /** The same, against an issuer that may not be made yet. */
    static List<String> differences(Profile profile, X509Certificate cert, Issuer issuer, Instant now,
                                           Duration renewWithin) {
        List<String> reasons = new ArrayList<>();
        // A selfSigned defect takes its issuer's subject and signs itself under it.
        boolean selfSigned = profile.has(Defect.SELF_SIGNED);
        X500Name expectedSubject = selfSigned ? X500Name.getInstance(issuer.subject())
                : profile.subject().toX500Name();
        if (!X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).equals(expectedSubject)) {
            reasons.add("subject changed");
        }
        if (!Arrays.equals(cert.getIssuerX500Principal().getEncoded(), issuer.subject())) {
            reasons.add("issuer name changed");
        }
        try {
            // A badSignature certificate verifies once its altered bit is flipped back; a selfSigned one
            // verifies under its own key.
            X509Certificate signed = profile.has(Defect.BAD_SIGNATURE) ? DefectiveSigning.flipSignature(cert) : cert;
            java.security.PublicKey key = selfSigned ? cert.getPublicKey() : issuer.key();
            if (key == null) {
                throw new java.security.SignatureException("the issuer gets a new key");
            }
            signed.verify(key);
        } catch (GeneralSecurityException e) {
            reasons.add(issuer.self() || selfSigned ? "self-signature does not verify" : "issuer was renewed");
        }
        if (KeySpec.of(cert.getPublicKey()).orElse(null) != profile.key()) {
            reasons.add("key type changed to " + profile.key().yamlName());
        }
        String expectedAlg = new DefaultSignatureAlgorithmIdentifierFinder()
                .find(profile.digest().signatureAlgorithmFor(selfSigned ? cert.getPublicKey().getAlgorithm()
                        : issuer.keyAlgorithm()))
                .getAlgorithm().getId();
        if (!expectedAlg.equals(cert.getSigAlgOID())) {
            reasons.add("signature digest changed");
        }
        int expectedBc = DefectiveSigning.basicConstraints(profile);
        if (cert.getBasicConstraints() != expectedBc) {
            reasons.add("basicConstraints changed");
        }
        boolean[] ku = cert.getKeyUsage();
        for (KeyUsageBit bit : KeyUsageBit.values()) {
            boolean has = ku != null && ku.length > bit.jcaIndex() && ku[bit.jcaIndex()];
            if (has != DefectiveSigning.keyUsage(profile).contains(bit)) {
                reasons.add("keyUsage changed");
                break;
            }
        }
        if (!Objects.equals(extendedKeyUsage(cert),
                DefectiveSigning.extendedKeyUsage(profile).stream().map(ExtendedKeyUsage::oid).toList())) {
            reasons.add("extendedKeyUsage changed");
        }
        if (!subjectAltNames(cert).equals(expectedSubjectAltNames(DefectiveSigning.subjectAltName(profile)))) {
            reasons.add("subjectAltName changed");
        }
        Validity validity = profile.validity();
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        if (profile.has(Defect.EXPIRED) || profile.has(Defect.NOT_YET_VALID)) {
            // Kept as long as it is still what the defect asks for: expired stays expired; a not yet
            // valid one is made again when its start comes near.
            if (!Duration.between(notBefore, notAfter).equals(validity.length())) {
                reasons.add("validity changed to " + validity.days() + " days");
            } else if (profile.has(Defect.EXPIRED) && !notAfter.isBefore(now)) {
                reasons.add("no longer expired");
            } else if (profile.has(Defect.NOT_YET_VALID) && !notBefore.isAfter(now.plus(Duration.ofDays(1)))) {
                reasons.add("becomes valid within a day");
            }
        } else if (validity.isFixed()) {
            Validity.Window window = validity.window(now);
            if (!notBefore.equals(window.notBefore()) || !notAfter.equals(window.notAfter())) {
                reasons.add("validity changed");
            }
        } else {
            if (validity.notBefore() != null && !notBefore.equals(validity.notBefore())) {
                reasons.add("validity changed");
            } else if (!Duration.between(notBefore, notAfter).equals(validity.length())) {
                reasons.add("validity changed to " + validity.days() + " days");
            } else if (!notAfter.isAfter(now.plus(renewWithin))) {
                reasons.add(notAfter.isAfter(now) ? "expires within " + renewWithin.toDays() + " days" : "expired");
            }
        }
        return reasons;
    }

    private static List<String> extendedKeyUsage(X509Certificate cert) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku == null ? List.of() : eku;
        } catch (CertificateParsingException e) {
            return List.of("unreadable");
        }
    }

    /** SAN entries as "type:value" strings, IPs in canonical form, in certificate order. */
    static List<String> subjectAltNames(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (List<?> n : names) {
                int type = (Integer) n.get(0);
                String value = String.valueOf(n.get(1));
                result.add(type == 7 ? "ip:" + canonicalIp(value) : type + ":" + value);
            }
            return result;
        } catch (CertificateParsingException e) {
            return List.of("unreadable");
        }
    }

    private static List<String> expectedSubjectAltNames(SubjectAltNames san) {
        List<String> result = new ArrayList<>();
        san.dns().forEach(d -> result.add("2:" + d));
        san.ip().forEach(ip -> result.add("ip:" + canonicalIp(ip)));
        san.email().forEach(e -> result.add("1:" + e));
        san.uri().forEach(u -> result.add("6:" + u));
        return result;
    }

    private static String canonicalIp(String literal) {
        try {
            return InetAddress.getByAddress(Issuance.ipBytes(literal)).getHostAddress();
        } catch (IOException | IllegalArgumentException e) {
            return literal;
        }
    }
}
