package org.mtlskit.pki.internal.verify;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.jcajce.PKIXExtendedParameters;
import org.mtlskit.pki.internal.x509.BcProvider;

/**
 * RFC 5280 section 6 path validation of one candidate path, by Bouncy Castle's PKIX
 * CertPathValidator: signatures, validity, name chaining, basicConstraints and pathLen (self-issued
 * certificates not counted), keyUsage of CAs, name constraints, certificate policies (initial set
 * any-policy, nothing inhibited), critical extensions, and, when CRLs are given, revocation of every
 * certificate on the path with CRLs checked as RFC 5280 6.3 says (signature, the issuer's cRLSign,
 * dates, distribution points and scope, delta CRLs, unknown critical extensions).
 *
 * <p>The engine stops at the first failure; {@link #reasonsOf} turns it into our words.
 */
final class Rfc5280Engine {
    private final List<X509CRL> crls;
    private final CertStore store;
    private final Date at;

    Rfc5280Engine(List<X509Certificate> pool, List<X509CRL> crls, Instant at) {
        this.crls = List.copyOf(crls);
        this.at = Date.from(at);
        List<Object> contents = new ArrayList<>(pool);
        contents.addAll(crls);
        try {
            this.store = CertStore.getInstance("Collection", new CollectionCertStoreParameters(contents));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Collection CertStore", e);
        }
    }

    /** Every reason the engine refuses the path; empty when it validates. */
    Set<VerificationFailure> validate(PathSearch.Candidate candidate) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509", BcProvider.get());
            List<X509Certificate> certs = new ArrayList<>(candidate.path());
            if (constrains(candidate.anchor()) && !candidate.path().contains(candidate.anchor())) {
                certs.add(candidate.anchor());
            }
            CertPath path = factory.generateCertPath(certs);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(candidate.anchor(), null)));
            params.setDate(at);
            params.setRevocationEnabled(!crls.isEmpty());
            params.addCertStore(store);
            // delta CRLs are off in Bouncy Castle unless asked for; RFC 5280 5.2.4 and 6.3.3 use them
            PKIXExtendedParameters extended = new PKIXExtendedParameters.Builder(params)
                    .setUseDeltasEnabled(true)
                    .build();
            CertPathValidator.getInstance("PKIX", BcProvider.get()).validate(path, extended);
            return EnumSet.noneOf(VerificationFailure.class);
        } catch (CertPathValidatorException e) {
            return reasonsOf(e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("cannot set up path validation", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            // the engine could not read a certificate of the path at all
            return EnumSet.of(VerificationFailure.MALFORMED);
        }
    }

    /**
     * Whether a trusted certificate carries constraints of its own (pathLen, name or policy
     * constraints, inhibitAnyPolicy, or critical extensions beyond basicConstraints and keyUsage).
     * RFC 5280 6.1.1 takes only the anchor's name and key, and Bouncy Castle applies nothing of an
     * anchor's certificate; but OpenSSL and mbedTLS apply its pathLen and the corpus of the issue
     * expects its name constraints and critical extensions honoured (RFC 5937 allows it). So such an
     * anchor is also put at the top of the path, where the engine processes it as it would any CA
     * (it is self-issued, so it does not count towards a pathLen). Version 1 anchors carry nothing.
     */
    static boolean constrains(X509Certificate anchor) {
        if (anchor.getVersion() < 3) {
            return false;
        }
        Set<String> critical = anchor.getCriticalExtensionOIDs() == null ? Set.of() : anchor.getCriticalExtensionOIDs();
        boolean otherCritical = critical.stream().anyMatch(o -> !o.equals("2.5.29.19") && !o.equals("2.5.29.15"));
        return otherCritical
                || (anchor.getBasicConstraints() >= 0 && anchor.getBasicConstraints() < Integer.MAX_VALUE)
                || anchor.getExtensionValue("2.5.29.30") != null
                || anchor.getExtensionValue("2.5.29.36") != null
                || anchor.getExtensionValue("2.5.29.54") != null;
    }

    /**
     * Our reason for the engine's: its PKIX reason where it gives one, otherwise what its message
     * (and its causes' messages) says. What nothing matches is "Certificate not trusted", as
     * mbedTLS says of a path it cannot build.
     */
    static Set<VerificationFailure> reasonsOf(CertPathValidatorException e) {
        Set<VerificationFailure> out = EnumSet.noneOf(VerificationFailure.class);
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(' ')
                    .append(t.getMessage())
                    .append(' ')
                    .append(t.getClass().getSimpleName());
        }
        String m = text.toString().toLowerCase(Locale.ROOT);
        if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED || m.contains("certificate revocation")) {
            out.add(VerificationFailure.REVOKED);
        } else if (m.contains("crl")
                && (m.contains("crl signing")
                        || m.contains("verify crl")
                        || m.contains("unsupported critical")
                        || m.contains("crl signature")
                        || m.contains("crl issuer")
                        || m.contains("delta crl")
                        || m.contains("could not be read")
                        || m.contains("decoded"))) {
            out.add(VerificationFailure.CRL_NOT_TRUSTED);
        } else if (m.contains("no crls found")
                || m.contains("status could not be determined")
                || m.contains("no valid crl")
                || e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            out.add(VerificationFailure.REVOCATION_UNKNOWN);
        } else if (m.contains("unsupported critical extension") || e.getReason() == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            out.add(VerificationFailure.UNKNOWN_CRITICAL_EXTENSION);
        } else if (m.contains("subtree")
                || m.contains("permitted")
                || m.contains("excluded")
                || m.contains("name constraint")
                || e.getReason() == PKIXReason.INVALID_NAME) {
            out.add(VerificationFailure.NAME_CONSTRAINT);
        } else if (m.contains("notyetvalid")
                || m.contains("not yet valid")
                || m.contains("not valid till")
                || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            out.add(VerificationFailure.NOT_YET_VALID);
        } else if (m.contains("expired") || e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
            out.add(VerificationFailure.EXPIRED);
        } else if (m.contains("path length")
                || m.contains("max path length")
                || e.getReason() == PKIXReason.PATH_TOO_LONG) {
            out.add(VerificationFailure.PATH_LENGTH);
        } else if (m.contains("polic") || e.getReason() == PKIXReason.INVALID_POLICY) {
            out.add(VerificationFailure.POLICY);
        } else if (m.contains("cannot be decoded") || m.contains("could not be decoded") || m.contains("malformed")) {
            out.add(VerificationFailure.MALFORMED);
        } else {
            out.add(VerificationFailure.NOT_TRUSTED);
        }
        return out;
    }
}
