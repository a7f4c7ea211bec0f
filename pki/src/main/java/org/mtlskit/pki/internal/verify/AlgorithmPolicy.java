package org.mtlskit.pki.internal.verify;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.mtlskit.pki.internal.Defaults;

/**
 * The algorithm floor every TLS stack applies beside RFC 5280, which names no algorithm as too
 * weak: no certificate on the path signed with MD2, MD4, MD5 or SHA-1 ({@link VerificationFailure#BAD_HASH}),
 * and no RSA or DSA key under {@link Defaults#MIN_RSA_BITS} bits, the anchor's included
 * ({@link VerificationFailure#BAD_KEY}). It is mbedTLS 2.28's default verification profile (SHA-2
 * only, RSA of 2048 bits or more), OpenSSL 3 at security level 2 (Debian's default) and the JDK's
 * disabled algorithms for MD5; a device that accepts less is the kind of fault the audit exists to
 * find. The trust anchor's own signature is not judged: it is trusted as configured.
 * {@link VerificationRequest#weakAlgorithmsAllowed} lifts the floor for old suites (PKITS).
 */
final class AlgorithmPolicy {
    private AlgorithmPolicy() {}

    /** OIDs of signatures over MD2, MD4, MD5 and SHA-1 (RSA, DSA, ECDSA). */
    private static final Set<String> WEAK_SIGNATURES = Set.of(
            "1.2.840.113549.1.1.2",
            "1.2.840.113549.1.1.3",
            "1.2.840.113549.1.1.4", // md2, md4, md5 WithRSA
            "1.2.840.113549.1.1.5",
            "1.3.14.3.2.29", // sha1WithRSA (and the OIW form)
            "1.2.840.10040.4.3",
            "1.2.840.10045.4.1"); // dsaWithSHA1, ecdsaWithSHA1

    static Set<VerificationFailure> check(List<X509Certificate> path, X509Certificate anchor) {
        Set<VerificationFailure> out = EnumSet.noneOf(VerificationFailure.class);
        for (X509Certificate c : path) {
            if (WEAK_SIGNATURES.contains(c.getSigAlgOID())) {
                out.add(VerificationFailure.BAD_HASH);
            }
        }
        List<X509Certificate> keyed = new ArrayList<>(path);
        keyed.add(anchor);
        for (X509Certificate c : keyed) {
            if (tooShort(c.getPublicKey())) {
                out.add(VerificationFailure.BAD_KEY);
            }
        }
        return out;
    }

    private static boolean tooShort(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() < Defaults.MIN_RSA_BITS;
        }
        if (key instanceof DSAPublicKey dsa) {
            return dsa.getParams() != null && dsa.getParams().getP().bitLength() < Defaults.MIN_RSA_BITS;
        }
        return false;
    }
}
