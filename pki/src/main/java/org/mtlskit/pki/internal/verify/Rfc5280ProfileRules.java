package org.mtlskit.pki.internal.verify;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.mtlskit.pki.internal.x509.NameSyntax;

/**
 * The MUSTs of the RFC 5280 certificate profile (section 4) that path validation (section 6)
 * does not check, on every certificate of a path and its trust anchor, as openssl verify
 * -x509_strict checks most of them. Version 1 certificates have no extensions and are exempt.
 */
public final class Rfc5280ProfileRules {
    private Rfc5280ProfileRules() {}

    static Set<VerificationFailure> check(
            List<X509Certificate> path, X509Certificate anchor, boolean endEntityPurpose, VerificationRules rules) {
        Set<VerificationFailure> out = EnumSet.noneOf(VerificationFailure.class);
        List<X509Certificate> all = new ArrayList<>(path);
        all.add(anchor);
        for (int i = 0; i < all.size(); i++) {
            X509Certificate c = all.get(i);
            X509Certificate issuer = i + 1 < all.size() ? all.get(i + 1) : anchor;
            if (!profileHolds(c, i + 1 < all.size() ? issuer : null, i == 0 && c != anchor, endEntityPurpose, rules)) {
                out.add(VerificationFailure.PROFILE);
            }
            if (!nameConstraintsWellFormed(c)) {
                out.add(VerificationFailure.NAME_SYNTAX);
            }
        }
        if (!NameSyntax.subjectAltNamesValid(path.get(0))) {
            out.add(VerificationFailure.NAME_SYNTAX);
        }
        return out;
    }

    private static boolean profileHolds(
            X509Certificate c,
            X509Certificate issuer,
            boolean leaf,
            boolean endEntityPurpose,
            VerificationRules rules) {
        BigInteger serial = c.getSerialNumber();
        if (serial.signum() <= 0 || serial.toByteArray().length > 20) {
            return false; // 4.1.2.2: a positive integer of at most 20 octets
        }
        if (c.getVersion() < 3) {
            return true;
        }
        Set<String> critical = c.getCriticalExtensionOIDs() == null ? Set.of() : c.getCriticalExtensionOIDs();
        boolean selfIssued = c.getIssuerX500Principal().equals(c.getSubjectX500Principal());
        boolean ca = c.getBasicConstraints() >= 0;
        byte[] aki = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        byte[] ski = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (critical.contains(Extension.authorityKeyIdentifier.getId())
                || critical.contains(Extension.subjectKeyIdentifier.getId())) {
            return false; // 4.2.1.1, 4.2.1.2: MUST be non-critical
        }
        if (aki == null && issuer != null && !(selfIssued && signsItself(c))) {
            return false; // 4.2.1.1: MUST be present except in self-signed certificates
        }
        if (ca && ski == null) {
            return false; // 4.2.1.2: MUST appear in conforming CA certificates
        }
        if (ca && !critical.contains(Extension.basicConstraints.getId())) {
            return false; // 4.2.1.9: MUST be critical in CA certificates
        }
        boolean[] ku = c.getKeyUsage();
        if (!ca && ku != null && ku.length > 5 && ku[5]) {
            return false; // 4.2.1.3: keyCertSign asserted, so cA MUST be asserted
        }
        if (c.getExtensionValue(Extension.policyConstraints.getId()) != null
                && !critical.contains(Extension.policyConstraints.getId())) {
            return false; // 4.2.1.11: MUST be critical
        }
        if (c.getExtensionValue(Extension.nameConstraints.getId()) != null
                && (!ca
                        || !critical.contains(Extension.nameConstraints.getId())
                                && rules == VerificationRules.RFC5280)) {
            // 4.2.1.10: only in CA certificates, MUST be critical; the Baseline Requirements
            // (7.1.2.10.8) only say SHOULD, and browsers accept a non-critical one
            return false;
        }
        if (issuer == null) {
            // the trust anchor: its issuer is not on the path (a cross-signed or intermediate
            // certificate may be trusted itself, RFC 5280 6.1.1 (d)), so its link is not judged
            return true;
        }
        byte[] issuerSki = PathSearch.subjectKeyId(issuer);
        byte[] akiId = PathSearch.authorityKeyId(c);
        return akiId == null || issuerSki == null || Arrays.equals(akiId, issuerSki);
    }

    private static boolean signsItself(X509Certificate c) {
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** 4.2.1.10: at least one of the subtrees, none empty, minimum 0 and no maximum, names of valid syntax. */
    private static boolean nameConstraintsWellFormed(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.nameConstraints.getId());
        if (ext == null) {
            return true;
        }
        try {
            NameConstraints nc =
                    NameConstraints.getInstance(ASN1OctetString.getInstance(ext).getOctets());
            GeneralSubtree[] permitted = nc.getPermittedSubtrees();
            GeneralSubtree[] excluded = nc.getExcludedSubtrees();
            if (permitted == null && excluded == null) {
                return false;
            }
            for (GeneralSubtree[] trees : new GeneralSubtree[][] {permitted, excluded}) {
                if (trees != null && trees.length == 0) {
                    return false;
                }
                for (GeneralSubtree t : trees == null ? new GeneralSubtree[0] : trees) {
                    if (t.getMaximum() != null
                            || (t.getMinimum() != null && t.getMinimum().signum() != 0)
                            || !NameSyntax.subtreeValid(t.getBase())) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
