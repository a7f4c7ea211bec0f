package org.mtlskit.pki;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Fixtures#fixtures} will do with each profile, decided from the files on disk alone:
 * nothing is made and nothing is written. {@code fixtures} carries out exactly this plan, and
 * {@code fixtures --check} only prints it.
 */
public final class FixturesPlan {

    /**
     * One profile's part of the plan.
     *
     * @param reasons  why its files are made again (empty when kept, or made for the first time)
     * @param files    the file names in the output folder that will be written, in order
     * @param notAfter the certificate's end of validity: the kept one's, or the one it will get
     */
    public record Step(Profile profile, Fixtures.Action action, List<String> reasons, List<String> files,
                       Instant notAfter) {
    }

    private final List<Step> steps;
    private final Map<String, OnDisk> disk;
    private final Map<String, CertifiedKey> existing;

    private FixturesPlan(List<Step> steps, Map<String, OnDisk> disk, Map<String, CertifiedKey> existing) {
        this.steps = List.copyOf(steps);
        this.disk = disk;
        this.existing = existing;
    }

    public List<Step> steps() {
        return steps;
    }

    OnDisk disk(String profile) {
        return disk.get(profile);
    }

    /** An existing CA's files as the plan read them (see {@link Profile.Extras#existing}). */
    CertifiedKey existing(String profile) {
        return existing.get(profile);
    }

    /**
     * See {@link Fixtures#fixtures}: the same rules, decided without making or writing anything.
     *
     * @param existing the existing CAs' files, already read: they are used, never made
     */
    static FixturesPlan decide(ProfileSet profiles, Path out, char[] password, Instant now, boolean force,
                               Duration renewWithin, Map<String, CertifiedKey> existing) {
        List<Profile> order = profiles.inIssuingOrder();
        Map<String, OnDisk> disk = new LinkedHashMap<>();
        Map<String, Step> decided = new LinkedHashMap<>();
        for (Profile p : order) {
            if (p.extras().existing()) {
                CertifiedKey used = existing.get(p.name());
                decided.put(p.name(), new Step(p, Fixtures.Action.USED, List.of(), List.of(),
                        used.certificate().getNotAfter().toInstant()));
                continue;
            }
            OnDisk d = force ? OnDisk.NONE : OnDisk.read(p, out, password);
            disk.put(p.name(), d);
            String problem = d.keyProblem(p);
            Fixtures.Action action;
            List<String> reasons = new ArrayList<>();
            if (problem != null) {
                if (p.ca() && d.keyExists() && !force) {
                    throw new PkiException(PkiException.Kind.OUTPUT_EXISTS, out.resolve(p.keyFile()) + ": CA \""
                            + p.name() + "\" cannot be kept (" + problem + ")", PkiException.Remedy.CA_REPLACE_ALLOWED);
                }
                action = Fixtures.Action.CREATED;
                if (d.keyExists()) {
                    reasons.add(problem);
                }
            } else {
                Step issuer = p.selfSigned() ? null : decided.get(p.issuer());
                reasons.addAll(certificateProblems(p, d, issuer, issuer == null ? null : disk.get(p.issuer()),
                        issuer == null ? null : issuerNow(issuer, disk, existing), out, now, renewWithin));
                action = reasons.isEmpty() ? Fixtures.Action.KEPT : Fixtures.Action.REISSUED;
            }
            Instant notAfter = action == Fixtures.Action.KEPT ? d.chain().get(0).getNotAfter().toInstant()
                    : p.validity().window(now).notAfter();
            decided.put(p.name(), new Step(p, action, List.copyOf(reasons), files(p, action, out), notAfter));
        }
        addRevocationFiles(profiles, decided, disk, out, now, renewWithin);
        return new FixturesPlan(new ArrayList<>(decided.values()), disk, Map.copyOf(existing));
    }

    /**
     * The issuer's certificate as the run leaves it when that is known now: a kept or existing CA's;
     * null when the run makes it again.
     */
    private static CertifiedKey issuerNow(Step issuer, Map<String, OnDisk> disk,
                                             Map<String, CertifiedKey> existing) {
        if (issuer.action() == Fixtures.Action.USED) {
            return existing.get(issuer.profile().name());
        }
        if (issuer.action() == Fixtures.Action.KEPT) {
            OnDisk d = disk.get(issuer.profile().name());
            return new CertifiedKey(d.chain().get(0), d.key(), d.chain(), null);
        }
        return null;
    }

    /**
     * Why a certificate whose key is kept must be re-issued, judged against its issuer as the run
     * leaves it ({@code issuerNow}: the kept or existing CA; null when it is made again).
     */
    private static List<String> certificateProblems(Profile p, OnDisk d, Step issuer, OnDisk issuerDisk,
                                                    CertifiedKey issuerNow, Path out, Instant now,
                                                    Duration renewWithin) {
        X509Certificate cert = d.chain().get(0);
        if (p.hasCsr() && !Files.isRegularFile(out.resolve(p.csrFile()))) {
            return List.of("CSR missing");
        }
        ProfileMatch.Issuer view;
        if (issuer == null) {
            view = new ProfileMatch.Issuer(cert.getSubjectX500Principal().getEncoded(), cert.getPublicKey(),
                    cert.getPublicKey().getAlgorithm(), true);
        } else if (issuerNow != null) {
            X509Certificate ic = issuerNow.certificate();
            view = new ProfileMatch.Issuer(ic.getSubjectX500Principal().getEncoded(), ic.getPublicKey(),
                    ic.getPublicKey().getAlgorithm(), false);
        } else {
            byte[] subject = encoded(issuer.profile());
            PublicKey key = issuer.action() == Fixtures.Action.REISSUED ? issuerDisk.chain().get(0).getPublicKey() : null;
            view = new ProfileMatch.Issuer(subject, key, issuer.profile().key().algorithm(), false);
        }
        List<String> reasons = new ArrayList<>(ProfileMatch.differences(p, cert, view, now, renewWithin));
        if (reasons.isEmpty() && !sameChain(p, d.chain(), cert, issuer, issuerNow)) {
            reasons.add("issuer chain changed");
        }
        return reasons;
    }

    /**
     * Whether the certificate file holds what the run would write ({@link CertifiedKey#fileChain}): the
     * certificate, then its issuer's file chain below a root, unless a defect leaves that out.
     */
    private static boolean sameChain(Profile p, List<X509Certificate> onDisk, X509Certificate cert, Step issuer,
                                     CertifiedKey issuerNow) {
        if (issuer != null && issuerNow == null) {
            // A re-made issuer's new certificate is new: the file can stay only when it does not hold it.
            boolean holdsIssuer = !issuer.profile().selfSigned() && !p.has(Defect.MISSING_INTERMEDIATE)
                    && !p.has(Defect.SELF_SIGNED);
            return !holdsIssuer && onDisk.size() == 1;
        }
        List<X509Certificate> expected = CertifiedKey.fileChain(p, cert, issuerNow);
        if (expected.size() != onDisk.size()) {
            return false;
        }
        try {
            for (int i = 0; i < expected.size(); i++) {
                if (!Arrays.equals(expected.get(i).getEncoded(), onDisk.get(i).getEncoded())) {
                    return false;
                }
            }
            return true;
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }

    private static byte[] encoded(Profile p) {
        try {
            return p.subject().toX500Name().getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> files(Profile p, Fixtures.Action action, Path out) {
        List<String> files = new ArrayList<>();
        if (action == Fixtures.Action.CREATED) {
            files.add(p.keyFile());
        }
        if (action != Fixtures.Action.KEPT) {
            if (p.hasCsr()) {
                files.add(p.csrFile());
            }
            files.add(p.certFile());
        }
        Profile.Extras extras = p.extras();
        if (extras.pkcs12File() != null && keystoreDue(action, out.resolve(extras.pkcs12File()), extras.pkcs12Format())) {
            files.add(extras.pkcs12File());
        }
        if (extras.truststoreFile() != null && truststoreDue(action, out.resolve(extras.truststoreFile()))) {
            files.add(extras.truststoreFile());
        }
        return files;
    }

    /** A profile's keystore is written with a new certificate, and when it is missing or of another format. */
    static boolean keystoreDue(Fixtures.Action action, Path file, Pkcs12Format format) {
        return action != Fixtures.Action.KEPT || !Files.exists(file) || Keystores.formatOf(file).orElse(null) != format;
    }

    /** A CA's truststore is written with a new certificate, and when it is missing. */
    static boolean truststoreDue(Fixtures.Action action, Path file) {
        return action != Fixtures.Action.KEPT || !Files.exists(file);
    }

    /** Adds each CRL-publishing CA's state and CRL to its files when the run would write them. */
    private static void addRevocationFiles(ProfileSet profiles, Map<String, Step> decided, Map<String, OnDisk> disk,
                                           Path out, Instant now, Duration renewWithin) {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        for (Step ca : new ArrayList<>(decided.values())) {
            Profile caProfile = ca.profile();
            if (caProfile.extras().crlDays() == null) {
                continue;
            }
            Revocations state = Revocations.read(out.resolve(caProfile.revocationsFile()));
            boolean changed = false;
            for (Step s : decided.values()) {
                if (s.profile().extras().revoked() != null && caProfile.name().equals(s.profile().issuer())) {
                    BigInteger serial = s.action() == Fixtures.Action.KEPT
                            ? disk.get(s.profile().name()).chain().get(0).getSerialNumber() : null;
                    changed |= notYetRecorded(state, serial);
                }
            }
            PublicKey caKey = ca.action() == Fixtures.Action.CREATED ? null
                    : disk.get(caProfile.name()).chain().get(0).getPublicKey();
            if (changed || !crlStillFits(out.resolve(caProfile.crlFile()), caKey, state, second,
                    Duration.ofDays(caProfile.extras().crlDays()), renewWithin)) {
                List<String> files = new ArrayList<>(ca.files());
                files.add(caProfile.revocationsFile());
                files.add(caProfile.crlFile());
                decided.put(caProfile.name(), new Step(caProfile, ca.action(), ca.reasons(), List.copyOf(files),
                        ca.notAfter()));
            }
        }
    }

    /** Whether a revoked profile's certificate (null: one about to be made) is missing from its CA's state. */
    static boolean notYetRecorded(Revocations state, BigInteger serial) {
        return serial == null || state.find(serial).isEmpty();
    }

    /**
     * Whether the CA's CRL can stay: it lists exactly the state's serials, verifies with the CA's key
     * (null: a key about to be made) and has more than half its period (and more than
     * {@code renewWithin}) left.
     */
    static boolean crlStillFits(Path crlFile, PublicKey caKey, Revocations state, Instant now,
                                Duration period, Duration renewWithin) {
        if (caKey == null || !Files.exists(crlFile)) {
            return false;
        }
        try {
            java.security.cert.X509CRL crl = Pem.readCrl(crlFile);
            crl.verify(caKey);
            Set<BigInteger> listed = new HashSet<>();
            if (crl.getRevokedCertificates() != null) {
                crl.getRevokedCertificates().forEach(e -> listed.add(e.getSerialNumber()));
            }
            Set<BigInteger> wanted = new HashSet<>();
            state.revoked().forEach(e -> wanted.add(e.serialNumber()));
            Duration left = Duration.between(now, crl.getNextUpdate().toInstant());
            Duration margin = renewWithin.compareTo(period.dividedBy(2)) < 0 ? renewWithin : period.dividedBy(2);
            return listed.equals(wanted) && left.compareTo(margin) > 0;
        } catch (PkiException | java.security.GeneralSecurityException e) {
            return false;
        }
    }
}
