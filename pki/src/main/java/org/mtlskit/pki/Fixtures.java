package org.mtlskit.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Makes the files of profiles in an output folder: one CA ({@link #init}), one leaf ({@link #issue}),
 * or the whole set, keeping what still fits ({@link #fixtures}). Each call locks the output folder
 * while it reads and writes, and commits all its outputs at once (see {@link StagedFiles}).
 */
public final class Fixtures {

    /** What a call did with one profile. */
    public enum Action {
        /** New key and certificate. */
        CREATED,
        /** Same key, new certificate (and CSR). */
        REISSUED,
        /** Files left untouched. */
        KEPT,
        /** An existing CA (existing: in its profile): its files were read to sign, never written. */
        USED
    }

    /**
     * The result for one profile.
     *
     * @param reasons why it was made again (empty for a first run or KEPT)
     * @param written the files written, in order
     * @param brokenAbove the defects of the CAs above it: a good certificate issued below a
     *                    deliberately broken CA is in a broken chain, and its lines say so
     */
    public record Outcome(Profile profile, Action action, List<String> reasons, List<Path> written,
                          X509Certificate certificate, java.util.Set<Defect> brokenAbove) {
        public Outcome {
            brokenAbove = brokenAbove.isEmpty() ? java.util.Set.of()
                    : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(brokenAbove));
        }
    }

    private final ProfileSet profiles;
    private final Path out;
    private final Clock clock;
    private final SecureRandom random;
    private final Consumer<String> progress;
    private final char[] password;

    /**
     * @param progress receives a line for each step that can take a while (key generation)
     */
    public Fixtures(ProfileSet profiles, Path out, Clock clock, SecureRandom random, Consumer<String> progress) {
        this(profiles, out, clock, random, progress, null);
    }

    private Fixtures(ProfileSet profiles, Path out, Clock clock, SecureRandom random, Consumer<String> progress,
                     char[] password) {
        this.profiles = profiles;
        this.out = out;
        this.clock = clock;
        this.random = random;
        this.progress = progress;
        this.password = password;
    }

    /**
     * The same, with the password for encrypted keys (files.encryptKey), PKCS#12 keystores
     * (files.pkcs12) and truststores (files.truststore; "changeit" without one).
     */
    public Fixtures withPassword(char[] password) {
        return new Fixtures(profiles, out, clock, random, progress, password);
    }

    /** Refuses early, before any key is made, when a profile needs a password and none was given. */
    private void requirePassword(List<Profile> making) {
        if (password != null) {
            for (Profile p : making) {
                if (p.extras().pkcs12File() != null) {
                    Keystores.requirePkcs12Password(password, p.source() + ": files.pkcs12");
                }
                if (p.extras().truststoreFile() != null) {
                    Keystores.requirePkcs12Password(password, p.source() + ": files.truststore");
                }
                if (p.extras().encryptKey()) {
                    KeyEncryption.requirePassword(password, p.source() + ": files.encryptKey");
                }
            }
            return;
        }
        for (Profile p : making) {
            String field = p.extras().encryptKey() ? "files.encryptKey" : p.extras().pkcs12File() != null ? "files.pkcs12" : null;
            if (field != null) {
                throw PkiException.unusableInput(p.source() + ": " + field + " needs a password",
                        PkiException.Remedy.PROTECTING_PASSWORD_NEEDED);
            }
        }
    }

    /** A CA's key and certificate: self-signed, or signed by its issuer's files for an intermediate. */
    public Outcome init(String name, boolean force) {
        try (FolderLock lock = FolderLock.forWriting(out)) {
            return initLocked(name, force);
        }
    }

    private Outcome initLocked(String name, boolean force) {
        Profile profile = profiles.get(name);
        refuseExisting(profile);
        if (!profile.ca()) {
            throw new PkiException(PkiException.Kind.INVALID_PROFILE, profile.source() + ": \"" + name
                    + "\" is a leaf profile (no ca: true); make it with ca-tool issue " + name);
        }
        Path keyFile = out.resolve(profile.keyFile());
        Path certFile = out.resolve(profile.certFile());
        if (!force && (Files.exists(keyFile) || Files.exists(certFile))) {
            Path existing = Files.exists(certFile) ? certFile : keyFile;
            throw new PkiException(PkiException.Kind.OUTPUT_EXISTS, existing + ": CA \"" + name
                    + "\" exists already; ca-tool init " + name + " --force replaces it, and every certificate "
                    + "it signed stops verifying");
        }
        requirePassword(List.of(profile));
        CertifiedKey issuer = profile.selfSigned() ? null : caFiles().issuerOf(profile);
        KeyPair keyPair = KeyGeneration.generate(List.of(profile), random, progress).get(profile.name());
        FixturesWriter.Made m = make(profile, keyPair, issuer, Action.CREATED, List.of());
        Map<String, CertifiedKey> cas = new LinkedHashMap<>(Map.of(profile.name(), m.signed()));
        return writer().writeAll(List.of(m), cas, Duration.ZERO).get(0);
    }

    /**
     * A new key, CSR and certificate for a leaf, signed by the CA files its profile names; an existing
     * file of the profile's is replaced only with {@code force}.
     */
    public Outcome issue(String name, boolean force) {
        try (FolderLock lock = FolderLock.forWriting(out)) {
            return issueLocked(name, force);
        }
    }

    private Outcome issueLocked(String name, boolean force) {
        Profile profile = profiles.get(name);
        refuseExisting(profile);
        if (profile.ca()) {
            throw new PkiException(PkiException.Kind.INVALID_PROFILE, profile.source() + ": \"" + name
                    + "\" is a CA profile (ca: true); make it with ca-tool init " + name);
        }
        requirePassword(List.of(profile));
        CertifiedKey issuer = caFiles().issuerOf(profile);
        // after the inputs are read, so that a bad input is named first; before any key is made
        if (!force) {
            for (String f : new String[] {profile.keyFile(), profile.csrFile(), profile.certFile(),
                profile.extras().pkcs12File()}) {
                if (f != null && Files.exists(out.resolve(f), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new PkiException(PkiException.Kind.OUTPUT_EXISTS, out.resolve(f) + ": exists already; "
                            + "issuing \"" + name + "\" again makes a new key and certificate in its place",
                            PkiException.Remedy.REPLACE_ALLOWED);
                }
            }
        }
        KeyPair keyPair = KeyGeneration.generate(List.of(profile), random, progress).get(profile.name());
        Map<String, CertifiedKey> cas = new LinkedHashMap<>();
        if (profile.extras().revoked() != null) {
            cas.put(profile.issuer(), issuer);
        }
        return writer().writeAll(List.of(make(profile, keyPair, issuer, Action.CREATED, List.of())), cas, Duration.ZERO).get(0);
    }

    /**
     * Every profile's files. A set that exists, fits its profile and is not within {@code renewWithin}
     * of expiry is kept; a certificate that no longer fits is re-issued on its key (a leaf whose
     * issuer changed, too); a missing or unfit key is replaced. An existing CA key is replaced only
     * with {@code force}, which re-makes everything.
     */
    public List<Outcome> fixtures(boolean force, Duration renewWithin) {
        try (FolderLock lock = FolderLock.forWriting(out)) {
            return fixturesLocked(force, renewWithin);
        }
    }

    /** Carries out the plan; the lock is held, so the files it was decided from stay as they were. */
    private List<Outcome> fixturesLocked(boolean force, Duration renewWithin) {
        FixturesPlan plan = plan(force, renewWithin);
        List<Profile> needKeys = plan.steps().stream().filter(s -> s.action() == Action.CREATED)
                .map(FixturesPlan.Step::profile).toList();
        Map<String, KeyPair> newKeys = KeyGeneration.generate(needKeys, random, progress);
        Map<String, CertifiedKey> current = new LinkedHashMap<>();
        List<FixturesWriter.Made> made = new ArrayList<>();
        for (FixturesPlan.Step step : plan.steps()) {
            Profile p = step.profile();
            if (step.action() == Action.USED) {
                CertifiedKey used = plan.existing(p.name());
                current.put(p.name(), used);
                made.add(new FixturesWriter.Made(p, Action.USED, List.of(), used, null, null));
                continue;
            }
            OnDisk d = plan.disk(p.name());
            CertifiedKey issuer = p.selfSigned() ? null : current.get(p.issuer());
            FixturesWriter.Made m = switch (step.action()) {
                case KEPT -> new FixturesWriter.Made(p, Action.KEPT, step.reasons(), new CertifiedKey(d.chain().get(0),
                        d.key(), d.chain(), issuer == null ? d.chain().get(0) : issuer.root()), null, null);
                case CREATED -> make(p, newKeys.get(p.name()), issuer, Action.CREATED, step.reasons());
                case REISSUED -> make(p, new KeyPair(d.chain().get(0).getPublicKey(), d.key()), issuer, Action.REISSUED,
                        step.reasons());
                case USED -> throw new IllegalStateException("an existing CA is used above, never made");
            };
            current.put(p.name(), m.signed());
            made.add(m);
        }
        return writer().writeAll(made, current, renewWithin);
    }

    /**
     * What {@link #fixtures} would do now, decided from the files on disk only: no key is made and
     * nothing is written (no file, no folder). {@code fixtures} carries out this very plan.
     */
    public FixturesPlan plan(boolean force, Duration renewWithin) {
        List<Profile> order = profiles.inIssuingOrder();
        requirePassword(order);
        // Existing CAs are read first: a missing one stops the run before any key is made.
        Map<String, CertifiedKey> existing = new LinkedHashMap<>();
        for (Profile p : order) {
            if (p.extras().existing()) {
                existing.put(p.name(), caFiles().existing(p));
            }
        }
        return FixturesPlan.decide(profiles, out, password, clock.instant(), force, renewWithin, existing);
    }

    private FixturesWriter.Made make(Profile p, KeyPair keyPair, CertifiedKey issuer, Action action,
                                     List<String> reasons) {
        X509Certificate cert = issuer == null
                ? Issuance.selfSigned(p, keyPair, clock, random)
                : Issuance.issue(p, keyPair,
                        new Issuance.Issuer(issuer.certificate(), issuer.key()), clock, random);
        PKCS10CertificationRequest csr = p.hasCsr() ? Issuance.csr(p, keyPair) : null;
        CertifiedKey signed = new CertifiedKey(cert, keyPair.getPrivate(), CertifiedKey.fileChain(p, cert, issuer),
                issuer == null ? cert : issuer.root());
        return new FixturesWriter.Made(p, action, reasons, signed, action == Action.CREATED ? keyPair.getPrivate() : null,
                csr);
    }

    private CaFiles caFiles() {
        return new CaFiles(profiles, out, password);
    }

    private FixturesWriter writer() {
        return new FixturesWriter(profiles, out, clock, random, password);
    }

    private static void refuseExisting(Profile p) {
        if (p.extras().existing()) {
            throw new PkiException(PkiException.Kind.INVALID_PROFILE, p.source() + ": \"" + p.name()
                    + "\" is an existing CA (existing: in its profile); ca-tool reads its files and never makes them");
        }
    }
}
