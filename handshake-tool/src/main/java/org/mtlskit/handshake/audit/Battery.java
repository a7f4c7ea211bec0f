package org.mtlskit.handshake.audit;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;

/**
 * The cases of one role in a battery: the profiles of a folder that carry {@code audit:}, with the
 * files ca-tool fixtures made for them. The baseline comes first, then the cases by name.
 */
public record Battery(List<Case> cases, Path anchor) {

    /**
     * One case: a chain presented exactly as its file holds it (a wrongChainOrder file stays
     * reversed) and the key of its leaf.
     *
     * @param revokedBy for a case whose profile says revoked: its issuer, which signs the CRL that
     *                  lists it; else null
     */
    public record Case(
            String name,
            AuditCase audit,
            List<Defect> defects,
            List<X509Certificate> chain,
            PrivateKey key,
            Issuer revokedBy) {

        public Case(String name, AuditCase audit, List<Defect> defects, List<X509Certificate> chain, PrivateKey key) {
            this(name, audit, defects, chain, key, null);
        }

        /**
         * What the case tests, for the diagnosis: what its audit mapping says (checks:), else what
         * its defects say (validity, revocation), else other.
         */
        public AuditCase.Topic topic() {
            if (audit.checks() != null) {
                return audit.checks();
            }
            if (defects.contains(Defect.EXPIRED) || defects.contains(Defect.NOT_YET_VALID)) {
                return AuditCase.Topic.VALIDITY;
            }
            return revokedBy != null ? AuditCase.Topic.REVOCATION : AuditCase.Topic.OTHER;
        }
    }

    /** A CA of the battery, with what it takes to sign a CRL. */
    public record Issuer(X509Certificate certificate, PrivateKey key, org.mtlskit.pki.internal.x509.Digest digest) {}

    /** A battery without a known trust anchor file (for callers that make their own cases). */
    public Battery(List<Case> cases) {
        this(cases, null);
    }

    /** The name of the case that presents no client certificate at all. */
    public static final String NO_CLIENT_CERTIFICATE = "no-client-certificate";

    /**
     * This battery with one more case: a client that presents no certificate at all (TLS 1.2: none
     * in answer to the CertificateRequest; TLS 1.3: an empty Certificate message). A server that asks
     * for client certificates and requires them refuses it; one that makes them optional lets it in.
     */
    public Battery withNoClientCertificate() {
        List<Case> more = new ArrayList<>(cases);
        more.add(new Case(
                NO_CLIENT_CERTIFICATE,
                new AuditCase(
                        AuditCase.Role.CLIENT,
                        AuditCase.Expect.REFUSE,
                        "RFC 8446 4.4.2.4 / RFC 5246 7.4.6 (a server that requires client certificates)",
                        false,
                        AuditCase.Topic.OTHER,
                        null),
                List.of(),
                List.of(),
                null));
        return new Battery(List.copyOf(more), anchor);
    }

    public Case baseline() {
        return cases.get(0);
    }

    /**
     * @throws PkiException (unusable input) for a folder without cases, without exactly one baseline,
     *                      or whose files are missing (with the ca-tool command that makes them)
     */
    public static Battery load(Path profiles, Path keys, AuditCase.Role role) {
        ProfileSet set = ProfileSet.load(profiles);
        List<Profile> chosen = new ArrayList<>(set.all().stream()
                .filter(p -> p.extras().audit() != null && p.extras().audit().role() == role)
                .toList());
        List<Profile> baselines =
                chosen.stream().filter(p -> p.extras().audit().baseline()).toList();
        if (baselines.size() != 1) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    profiles + ": a battery needs exactly one " + role.yamlName()
                            + " case with audit.baseline: true (the good certificate), found " + baselines.size());
        }
        chosen.sort(Comparator.comparing((Profile p) -> !p.extras().audit().baseline())
                .thenComparing(Profile::name));
        List<Case> cases = new ArrayList<>();
        Path anchor = null;
        for (Profile p : chosen) {
            Path cert = keys.resolve(p.certFile());
            Path key = keys.resolve(p.keyFile());
            if (!java.nio.file.Files.exists(cert) || !java.nio.file.Files.exists(key)) {
                throw new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT,
                        (java.nio.file.Files.exists(cert) ? key : cert)
                                + ": no such file; make the battery first: ca-tool fixtures --profiles " + profiles
                                + " --out " + keys);
            }
            Issuer revokedBy = null;
            if (p.extras().revoked() != null && p.issuer() != null) {
                Profile ca = set.get(p.issuer());
                revokedBy = new Issuer(
                        Pem.readCertificates(keys.resolve(ca.certFile())).get(0),
                        Pem.readPrivateKey(keys.resolve(ca.keyFile()), null),
                        ca.digest());
            }
            if (p.extras().audit().baseline() && p.issuer() != null) {
                anchor = keys.resolve(set.get(p.issuer()).certFile())
                        .toAbsolutePath()
                        .normalize();
            }
            cases.add(new Case(
                    p.name(),
                    p.extras().audit(),
                    List.copyOf(p.extras().defects()),
                    Pem.readCertificates(cert),
                    Pem.readPrivateKey(key, null),
                    revokedBy));
        }
        return new Battery(List.copyOf(cases), anchor);
    }
}
