package org.mtlskit.pki.internal.verify;

import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.cert.X509CRLHolder;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

/**
 * What we check of the CRLs given beside the engine's RFC 5280 6.3 processing: that their
 * extensions and those of their entries can be decoded at all, and for each CRL a CA on the path
 * signed, 5.2.3 (a CRL number, not critical) and 6.3.3 (f) (its issuer may sign CRLs).
 */
final class CrlChecks {
    private CrlChecks() {}

    /** Why a CRL cannot be read as far as a verifier reads it, naming the CRL and the extension; null when every one can. */
    static String undecodable(List<X509CRL> crls) {
        for (X509CRL crl : crls) {
            try {
                String problem = undecodable(new X509CRLHolder(crl.getEncoded()));
                if (problem != null) {
                    return problem;
                }
            } catch (CRLException | java.io.IOException | RuntimeException e) {
                return "the CRL of "
                        + PrintableText.escape(crl.getIssuerX500Principal().getName()) + " cannot be decoded ("
                        + PrintableText.escape(String.valueOf(e.getMessage())) + ")";
            }
        }
        return null;
    }

    /** Why one CRL's extensions or its entries' cannot be decoded, naming the CRL's issuer and the extension; null when they can. */
    static String undecodable(X509CRLHolder holder) {
        try {
            String problem = ExtensionChecks.problem(holder.getExtensions());
            TBSCertList.CRLEntry[] entries =
                    holder.toASN1Structure().getTBSCertList().getRevokedCertificates();
            for (int i = 0; problem == null && i < entries.length; i++) {
                problem = entries[i].hasExtensions() ? ExtensionChecks.problem(entries[i].getExtensions()) : null;
            }
            return problem == null
                    ? null
                    : "the CRL of " + PrintableText.escape(holder.getIssuer().toString()) + ": " + problem;
        } catch (RuntimeException e) {
            return "the CRL cannot be decoded (" + PrintableText.escape(String.valueOf(e.getMessage())) + ")";
        }
    }

    /** RFC 5280 5.2.3 and 6.3.3 (f), for each CRL that a CA of {@code cas} signed. */
    static boolean wellFormed(List<X509Certificate> cas, List<X509CRL> crls) {
        for (X509CRL crl : crls) {
            for (X509Certificate ca : cas) {
                if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) || !signedBy(crl, ca)) {
                    continue;
                }
                Set<String> critical =
                        crl.getCriticalExtensionOIDs() == null ? Set.of() : crl.getCriticalExtensionOIDs();
                boolean[] ku = ca.getKeyUsage();
                if (crl.getExtensionValue(Extension.cRLNumber.getId()) == null
                        || critical.contains(Extension.cRLNumber.getId())
                        || (ku != null && !ku[KeyUsageBit.CRL_SIGN.jcaIndex()])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
