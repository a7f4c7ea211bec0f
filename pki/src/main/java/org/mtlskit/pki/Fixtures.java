package org.mtlskit.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
            return;
        }
        for (Profile p : making) {
            String field = p.extras().encryptKey() ? "files.encryptKey" : p.extras().pkcs12File() != null ? "files.pkcs12" : null;
            if (field != null) {
                throw PkiException.unusableInput(p.source() + ": " + field + " needs a password: give --password-file "
                        + "FILE or --password-env VARIABLE");
            }
        }
    }

    /** A CA's key and certificate: self-signed, or signed by its issuer's files for an intermediate. */
    public Outcome init(String name, boolean force) {
        try (FolderLock lock = FolderLock.ifExists(out)) {
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
        Signed issuer = profile.selfSigned() ? null : loadIssuer(profile);
        KeyPair keyPair = generateKeys(List.of(profile)).get(profile.name());
        Made m = make(profile, keyPair, issuer, Action.CREATED, List.of());
        Map<String, Signed> cas = new LinkedHashMap<>(Map.of(profile.name(), m.signed));
        return writeAll(List.of(m), cas, Duration.ZERO).get(0);
    }

    /** A new key, CSR and certificate for a leaf, signed by the CA files its profile names. */
    public Outcome issue(String name) {
        try (FolderLock lock = FolderLock.ifExists(out)) {
            return issueLocked(name);
        }
    }

    private Outcome issueLocked(String name) {
        Profile profile = profiles.get(name);
        refuseExisting(profile);
        if (profile.ca()) {
            throw new PkiException(PkiException.Kind.INVALID_PROFILE, profile.source() + ": \"" + name
                    + "\" is a CA profile (ca: true); make it with ca-tool init " + name);
        }
        requirePassword(List.of(profile));
        Signed issuer = loadIssuer(profile);
        KeyPair keyPair = generateKeys(List.of(profile)).get(profile.name());
        Map<String, Signed> cas = new LinkedHashMap<>();
        if (profile.extras().revoked() != null) {
            cas.put(profile.issuer(), issuer);
        }
        return writeAll(List.of(make(profile, keyPair, issuer, Action.CREATED, List.of())), cas, Duration.ZERO).get(0);
    }

    /**
     * Every profile's files. A set that exists, fits its profile and is not within {@code renewWithin}
     * of expiry is kept; a certificate that no longer fits is re-issued on its key (a leaf whose
     * issuer changed, too); a missing or unfit key is replaced. An existing CA key is replaced only
     * with {@code force}, which re-makes everything.
     */
    public List<Outcome> fixtures(boolean force, Duration renewWithin) {
        try (FolderLock lock = FolderLock.ifExists(out)) {
            return fixturesLocked(force, renewWithin);
        }
    }

    /** Carries out the plan; the lock is held, so the files it was decided from stay as they were. */
    private List<Outcome> fixturesLocked(boolean force, Duration renewWithin) {
        FixturesPlan plan = plan(force, renewWithin);
        List<Profile> needKeys = plan.steps().stream().filter(s -> s.action() == Action.CREATED)
                .map(FixturesPlan.Step::profile).toList();
        Map<String, KeyPair> newKeys = generateKeys(needKeys);
        Map<String, Signed> current = new LinkedHashMap<>();
        List<Made> made = new ArrayList<>();
        for (FixturesPlan.Step step : plan.steps()) {
            Profile p = step.profile();
            if (step.action() == Action.USED) {
                Signed used = plan.existing(p.name());
                current.put(p.name(), used);
                made.add(new Made(p, Action.USED, List.of(), used, null, null));
                continue;
            }
            OnDisk d = plan.disk(p.name());
            Signed issuer = p.selfSigned() ? null : current.get(p.issuer());
            Made m = switch (step.action()) {
                case KEPT -> new Made(p, Action.KEPT, step.reasons(), new Signed(d.chain().get(0), d.key(), d.chain(),
                        issuer == null ? d.chain().get(0) : issuer.root), null, null);
                case CREATED -> make(p, newKeys.get(p.name()), issuer, Action.CREATED, step.reasons());
                case REISSUED -> make(p, new KeyPair(d.chain().get(0).getPublicKey(), d.key()), issuer, Action.REISSUED,
                        step.reasons());
                case USED -> throw new IllegalStateException("an existing CA is used above, never made");
            };
            current.put(p.name(), m.signed);
            made.add(m);
        }
        return writeAll(made, current, renewWithin);
    }

    /**
     * What {@link #fixtures} would do now, decided from the files on disk only: no key is made and
     * nothing is written (no file, no folder). {@code fixtures} carries out this very plan.
     */
    public FixturesPlan plan(boolean force, Duration renewWithin) {
        List<Profile> order = profiles.inIssuingOrder();
        requirePassword(order);
        // Existing CAs are read first: a missing one stops the run before any key is made.
        Map<String, Signed> existing = new LinkedHashMap<>();
        for (Profile p : order) {
            if (p.extras().existing()) {
                existing.put(p.name(), loadExisting(p));
            }
        }
        return FixturesPlan.decide(profiles, out, password, clock.instant(), force, renewWithin, existing);
    }

    // ---- making ----

    /**
     * A certificate with its key, the chain its certificate file holds (itself first, no root), and
     * the root above it (itself for a root).
     */
    record Signed(X509Certificate certificate, PrivateKey key, List<X509Certificate> fileChain,
                          X509Certificate root) {
    }

    private record Made(Profile profile, Action action, List<String> reasons, Signed signed,
                        PrivateKey newKey, PKCS10CertificationRequest csr) {
    }

    private Made make(Profile p, KeyPair keyPair, Signed issuer, Action action, List<String> reasons) {
        X509Certificate cert = issuer == null
                ? CertificateBuilder.selfSigned(p, keyPair, clock, random)
                : CertificateBuilder.issue(p, keyPair,
                        new CertificateBuilder.Issuer(issuer.certificate, issuer.key), clock, random);
        PKCS10CertificationRequest csr = p.hasCsr() ? CertificateBuilder.csr(p, keyPair) : null;
        Signed signed = new Signed(cert, keyPair.getPrivate(), fileChain(p, cert, issuer), issuer == null ? cert : issuer.root);
        return new Made(p, action, reasons, signed, action == Action.CREATED ? keyPair.getPrivate() : null, csr);
    }

    /** The chain a certificate file holds, leaf first (see {@link #inFileOrder} for wrongChainOrder). */
    static List<X509Certificate> fileChain(Profile p, X509Certificate cert, Signed issuer) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        if (issuer != null && !isSelfIssued(issuer.certificate) && !p.has(Defect.MISSING_INTERMEDIATE)
                && !p.has(Defect.SELF_SIGNED)) {
            chain.addAll(issuer.fileChain);
        }
        return chain;
    }

    /**
     * A chain in the order its file holds it: leaf first, or for the wrongChainOrder defect reversed,
     * the leaf last. Reversing is its own inverse, so it also turns a file's order back into leaf first.
     */
    static List<X509Certificate> inFileOrder(Profile p, List<X509Certificate> chain) {
        if (!p.has(Defect.WRONG_CHAIN_ORDER)) {
            return chain;
        }
        List<X509Certificate> reversed = new ArrayList<>(chain);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private static void refuseExisting(Profile p) {
        if (p.extras().existing()) {
            throw new PkiException(PkiException.Kind.INVALID_PROFILE, p.source() + ": \"" + p.name()
                    + "\" is an existing CA (existing: in its profile); ca-tool reads its files and never makes them");
        }
    }

    /** An existing CA's key and certificate, which must be there and fit each other. */
    private Signed loadExisting(Profile p) {
        // Normalized: "keys/audit/../ca_key.pem" must resolve even before keys/audit exists.
        Path keyFile = out.resolve(p.keyFile()).normalize();
        Path certFile = out.resolve(p.certFile()).normalize();
        for (Path f : new Path[] {keyFile, certFile}) {
            if (!Files.exists(f)) {
                throw PkiException.unusableInput(f + ": no such file; " + p.source() + " uses an existing CA from "
                        + "there (existing: in the profile, paths relative to " + out + "); make it first, for "
                        + "example with ca-tool fixtures, or point existing.key and existing.cert at your CA's files");
            }
        }
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        if (!KeyMatch.matches(key, chain.get(0).getPublicKey())) {
            throw PkiException.unusableInput(keyFile + ": does not match the CA certificate " + certFile);
        }
        if (chain.get(0).getBasicConstraints() < 0) {
            throw PkiException.unusableInput(certFile + ": is not a CA certificate (no basicConstraints CA:TRUE)");
        }
        X509Certificate root = chain.get(chain.size() - 1);
        List<X509Certificate> fileChain = isSelfIssued(chain.get(0)) ? List.of(chain.get(0)) : chain;
        return new Signed(chain.get(0), key, fileChain, isSelfIssued(root) ? root : chain.get(0));
    }

    private static boolean isSelfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    /**
     * Stages every file of the run and renames them into place together: keys, CSRs, certificates,
     * keystores, and, for each CA in {@code cas} that publishes a CRL, its revocation state and CRL.
     */
    private List<Outcome> writeAll(List<Made> made, Map<String, Signed> cas, Duration renewWithin) {
        List<Outcome> outcomes = new ArrayList<>();
        try (StagedFiles files = new StagedFiles(out)) {
            Map<String, List<String>> staged = new LinkedHashMap<>();
            for (Made m : made) {
                List<String> mine = new ArrayList<>();
                staged.put(m.profile.name(), mine);
                if (m.action == Action.USED) {
                    continue;
                }
                Profile.Extras extras = m.profile.extras();
                if (m.action != Action.KEPT) {
                    if (m.newKey != null) {
                        stage(files, mine, m.profile.keyFile(), extras.encryptKey()
                                ? Pem.encryptedPrivateKey(m.newKey, password, random, extras.keyEncryption()) : Pem.privateKey(m.newKey), true);
                    }
                    if (m.csr != null) {
                        stage(files, mine, m.profile.csrFile(), Pem.csr(m.csr), false);
                    }
                    stage(files, mine, m.profile.certFile(), Pem.certificates(inFileOrder(m.profile, m.signed.fileChain)), false);
                }
                if (extras.pkcs12File() != null
                        && FixturesPlan.keystoreDue(m.action, out.resolve(extras.pkcs12File()), extras.pkcs12Format())) {
                    List<X509Certificate> chain = new ArrayList<>(m.signed.fileChain);
                    if (!chain.contains(m.signed.root)) {
                        chain.add(m.signed.root);
                    }
                    stage(files, mine, extras.pkcs12File(),
                            Keystores.keystore(m.profile.name(), m.signed.key, chain, password, extras.pkcs12Format()), true);
                }
                if (extras.truststoreFile() != null
                        && FixturesPlan.truststoreDue(m.action, out.resolve(extras.truststoreFile()))) {
                    stage(files, mine, extras.truststoreFile(), Keystores.truststore(m.profile.name(),
                            List.of(m.signed.certificate), password != null ? password : Keystores.DEFAULT_TRUSTSTORE_PASSWORD,
                            false), false);
                }
            }
            for (Map.Entry<String, Signed> ca : cas.entrySet()) {
                Profile caProfile = profiles.get(ca.getKey());
                if (caProfile.extras().crlDays() != null) {
                    List<String> mine = staged.computeIfAbsent(caProfile.name(), n -> new ArrayList<>());
                    publishRevocations(caProfile, ca.getValue(), made, files, mine, renewWithin);
                }
            }
            Map<String, Path> written = new LinkedHashMap<>();
            files.commit().forEach(p -> written.put(p.getFileName().toString(), p));
            for (Made m : made) {
                List<Path> mine = staged.get(m.profile.name()).stream().map(written::get).toList();
                java.util.Set<Defect> above = new java.util.HashSet<>();
                profiles.chain(m.profile.name()).stream().skip(1).forEach(ca -> above.addAll(ca.extras().defects()));
                outcomes.add(new Outcome(m.profile, m.action, m.reasons, mine, m.signed.certificate, above));
            }
        }
        return outcomes;
    }

    private static void stage(StagedFiles files, List<String> names, String name, String content, boolean secret) {
        files.stage(name, content, secret);
        names.add(name);
    }

    private static void stage(StagedFiles files, List<String> names, String name, byte[] content, boolean secret) {
        files.stage(name, content, secret);
        names.add(name);
    }

    /**
     * Records in the CA's state every certificate just made whose profile says revoked, and writes
     * the CA's CRL when it is missing, lists other serials than the state, was signed by another
     * key, or has less than half of its period (or less than {@code renewWithin}) left.
     */
    private void publishRevocations(Profile ca, Signed caSigned, List<Made> made, StagedFiles files, List<String> names,
                                    Duration renewWithin) {
        Path stateFile = out.resolve(ca.revocationsFile());
        Revocations state = Revocations.read(stateFile);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        boolean changed = false;
        for (Made m : made) {
            Profile.Extras extras = m.profile.extras();
            if (extras.revoked() != null && ca.name().equals(m.profile.issuer())
                    && FixturesPlan.notYetRecorded(state, m.signed.certificate.getSerialNumber())) {
                state = state.with(new Revocations.Entry(m.signed.certificate.getSerialNumber().toString(16),
                        m.signed.certificate.getSubjectX500Principal().getName(), now, extras.revoked().name()));
                changed = true;
            }
        }
        Path crlFile = out.resolve(ca.crlFile());
        Duration period = Duration.ofDays(ca.extras().crlDays());
        if (!changed && FixturesPlan.crlStillFits(crlFile, caSigned.certificate.getPublicKey(), state, now, period,
                renewWithin)) {
            return;
        }
        Revocations next = state.withCrlNumber(state.crlNumber() + 1);
        java.security.cert.X509CRL crl = CrlBuilder.build(caSigned.certificate, caSigned.key, ca.digest(), next, now,
                now.plus(period));
        // before the certificates they cover: a kill between renames never shows a revoked certificate unlisted
        files.stageBeforeOthers(stateFile.getFileName().toString(), next.toJson());
        names.add(stateFile.getFileName().toString());
        files.stageBeforeOthers(crlFile.getFileName().toString(), CrlBuilder.pem(crl));
        names.add(crlFile.getFileName().toString());
    }

    private Map<String, KeyPair> generateKeys(List<Profile> needing) {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        if (needing.isEmpty()) {
            return keys;
        }
        int threads = Math.min(needing.size(), Runtime.getRuntime().availableProcessors());
        // Only RSA keys take long enough (about a second at 4096 bits) to be worth telling about.
        boolean slow = needing.stream().anyMatch(p -> p.key().isRsa());
        if (slow) {
            progress.accept(needing.size() == 1 ? "Generating " + needing.get(0).key().displayName() + " key for "
                    + needing.get(0).name() + "..." + (needing.get(0).deliberatelyBroken()
                    ? " " + Defect.describe(needing.get(0).extras().defects()) : "") : "Generating " + needing.size() + " keys on " + threads + " threads...");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<String, Future<KeyPair>> futures = new LinkedHashMap<>();
            for (Profile p : needing) {
                futures.put(p.name(), pool.submit(() -> {
                    long start = System.nanoTime();
                    KeyPair pair = p.key().generate(random);
                    if (p.key().isRsa()) {
                        progress.accept(String.format("Generated %s key for %s (%.1f s)%s", p.key().displayName(),
                                p.name(), (System.nanoTime() - start) / 1e9, p.deliberatelyBroken()
                                        ? ": " + Defect.describe(p.extras().defects()) : ""));
                    }
                    return pair;
                }));
            }
            for (Map.Entry<String, Future<KeyPair>> f : futures.entrySet()) {
                keys.put(f.getKey(), f.getValue().get());
            }
            return keys;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating keys", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("key generation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The issuer of {@code profile}, read from its files, which must exist and fit each other. */
    private Signed loadIssuer(Profile profile) {
        Profile issuer = profiles.get(profile.issuer());
        if (issuer.extras().existing()) {
            return loadExisting(issuer);
        }
        Path keyFile = out.resolve(issuer.keyFile());
        Path certFile = out.resolve(issuer.certFile());
        for (Path f : new Path[] {keyFile, certFile}) {
            if (!Files.exists(f)) {
                throw PkiException.unusableInput(f + ": no such file; make the issuing CA first: ca-tool init "
                        + issuer.name() + (out.equals(Defaults.OUT_DIR) ? "" : " --out " + out));
            }
        }
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        if (!KeyMatch.matches(key, chain.get(0).getPublicKey())) {
            throw PkiException.unusableInput(keyFile + ": does not match the CA certificate " + certFile);
        }
        if (chain.get(0).getBasicConstraints() < 0) {
            throw PkiException.unusableInput(certFile + ": is not a CA certificate (no basicConstraints CA:TRUE)");
        }
        List<Profile> above = profiles.chain(issuer.name());
        Profile rootProfile = above.get(above.size() - 1);
        X509Certificate root = rootProfile == issuer ? chain.get(0)
                : Pem.readCertificates(out.resolve(rootProfile.certFile())).get(0);
        return new Signed(chain.get(0), key, chain, root);
    }
}
