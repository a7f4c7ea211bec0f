package org.mtlskit.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * or the whole set, keeping what still fits ({@link #fixtures}). All outputs of a call are staged
 * and renamed into place only when everything succeeded (see {@link StagedFiles}).
 */
public final class Fixtures {

    /** What a call did with one profile. */
    public enum Action {
        /** New key and certificate. */
        CREATED,
        /** Same key, new certificate (and CSR). */
        REISSUED,
        /** Files left untouched. */
        KEPT
    }

    /**
     * The result for one profile.
     *
     * @param reasons why it was made again (empty for a first run or KEPT)
     * @param written the files written, in order
     */
    public record Outcome(Profile profile, Action action, List<String> reasons, List<Path> written,
                          X509Certificate certificate) {
    }

    private final ProfileSet profiles;
    private final Path out;
    private final Clock clock;
    private final SecureRandom random;
    private final Consumer<String> progress;

    /**
     * @param progress receives a line for each step that can take a while (key generation)
     */
    public Fixtures(ProfileSet profiles, Path out, Clock clock, SecureRandom random, Consumer<String> progress) {
        this.profiles = profiles;
        this.out = out;
        this.clock = clock;
        this.random = random;
        this.progress = progress;
    }

    /** A CA's key and certificate: self-signed, or signed by its issuer's files for an intermediate. */
    public Outcome init(String name, boolean force) {
        Profile profile = profiles.get(name);
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
        Signed issuer = profile.selfSigned() ? null : loadIssuer(profile);
        KeyPair keyPair = generateKeys(List.of(profile)).get(profile.name());
        return writeAll(List.of(make(profile, keyPair, issuer, Action.CREATED, List.of()))).get(0);
    }

    /** A new key, CSR and certificate for a leaf, signed by the CA files its profile names. */
    public Outcome issue(String name) {
        Profile profile = profiles.get(name);
        if (profile.ca()) {
            throw new PkiException(PkiException.Kind.INVALID_PROFILE, profile.source() + ": \"" + name
                    + "\" is a CA profile (ca: true); make it with ca-tool init " + name);
        }
        Signed issuer = loadIssuer(profile);
        KeyPair keyPair = generateKeys(List.of(profile)).get(profile.name());
        return writeAll(List.of(make(profile, keyPair, issuer, Action.CREATED, List.of()))).get(0);
    }

    /**
     * Every profile's files. A set that exists, fits its profile and is not within {@code renewWithin}
     * of expiry is kept; a certificate that no longer fits is re-issued on its key (a leaf whose
     * issuer changed, too); a missing or unfit key is replaced. An existing CA key is replaced only
     * with {@code force}, which re-makes everything.
     */
    public List<Outcome> fixtures(boolean force, Duration renewWithin) {
        List<Profile> order = profiles.inIssuingOrder();
        Map<String, OnDisk> disk = new LinkedHashMap<>();
        List<Profile> needKeys = new ArrayList<>();
        Map<String, String> newKeyReasons = new LinkedHashMap<>();
        for (Profile p : order) {
            OnDisk d = force ? OnDisk.NONE : OnDisk.read(p, out);
            disk.put(p.name(), d);
            String problem = d.keyProblem(p);
            if (problem != null) {
                if (p.ca() && d.keyExists && !force) {
                    throw new PkiException(PkiException.Kind.OUTPUT_EXISTS, out.resolve(p.keyFile()) + ": CA \""
                            + p.name() + "\" cannot be kept (" + problem + ") and its key is replaced only with "
                            + "--force, which re-makes everything it signed");
                }
                needKeys.add(p);
                if (d.keyExists) {
                    newKeyReasons.put(p.name(), problem);
                }
            }
        }
        Map<String, KeyPair> newKeys = generateKeys(needKeys);

        Instant now = clock.instant();
        Map<String, Signed> current = new LinkedHashMap<>();
        List<Made> made = new ArrayList<>();
        for (Profile p : order) {
            OnDisk d = disk.get(p.name());
            Signed issuer = p.selfSigned() ? null : current.get(p.issuer());
            KeyPair fresh = newKeys.get(p.name());
            List<String> reasons = new ArrayList<>();
            if (fresh != null) {
                if (newKeyReasons.containsKey(p.name())) {
                    reasons.add(newKeyReasons.get(p.name()));
                }
            } else {
                reasons.addAll(certificateProblems(p, d, issuer, now, renewWithin));
            }
            Made m;
            if (fresh == null && reasons.isEmpty()) {
                m = new Made(p, Action.KEPT, reasons, new Signed(d.chain.get(0), d.key, d.chain), null, null);
            } else if (fresh != null) {
                m = make(p, fresh, issuer, Action.CREATED, reasons);
            } else {
                m = make(p, new KeyPair(d.chain.get(0).getPublicKey(), d.key), issuer, Action.REISSUED, reasons);
            }
            current.put(p.name(), m.signed);
            made.add(m);
        }
        return writeAll(made);
    }

    private List<String> certificateProblems(Profile p, OnDisk d, Signed issuer, Instant now, Duration renewWithin) {
        X509Certificate cert = d.chain.get(0);
        if (p.hasCsr() && !Files.isRegularFile(out.resolve(p.csrFile()))) {
            return List.of("CSR missing");
        }
        List<String> reasons = new ArrayList<>(ProfileMatch.differences(p, cert,
                issuer == null ? cert : issuer.certificate, now, renewWithin));
        if (reasons.isEmpty() && !sameCertificates(d.chain, fileChain(cert, issuer))) {
            reasons.add("issuer chain changed");
        }
        return reasons;
    }

    // ---- making ----

    /** A certificate with its key and the chain its certificate file holds (itself first, no root). */
    private record Signed(X509Certificate certificate, PrivateKey key, List<X509Certificate> fileChain) {
    }

    private record Made(Profile profile, Action action, List<String> reasons, Signed signed,
                        PrivateKey newKey, PKCS10CertificationRequest csr) {
    }

    private Made make(Profile p, KeyPair keyPair, Signed issuer, Action action, List<String> reasons) {
        X509Certificate cert = issuer == null
                ? CertificateBuilder.selfSigned(p, keyPair, clock, random)
                : CertificateBuilder.issue(p, keyPair.getPublic(),
                        new CertificateBuilder.Issuer(issuer.certificate, issuer.key), clock, random);
        PKCS10CertificationRequest csr = p.hasCsr() ? CertificateBuilder.csr(p, keyPair) : null;
        Signed signed = new Signed(cert, keyPair.getPrivate(), fileChain(cert, issuer));
        return new Made(p, action, reasons, signed, action == Action.CREATED ? keyPair.getPrivate() : null, csr);
    }

    private static List<X509Certificate> fileChain(X509Certificate cert, Signed issuer) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        if (issuer != null && !isSelfIssued(issuer.certificate)) {
            chain.addAll(issuer.fileChain);
        }
        return chain;
    }

    private static boolean isSelfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private List<Outcome> writeAll(List<Made> made) {
        List<Outcome> outcomes = new ArrayList<>();
        try (StagedFiles files = new StagedFiles(out)) {
            for (Made m : made) {
                if (m.action == Action.KEPT) {
                    continue;
                }
                if (m.newKey != null) {
                    files.stage(m.profile.keyFile(), Pem.privateKey(m.newKey), true);
                }
                if (m.csr != null) {
                    files.stage(m.profile.csrFile(), Pem.csr(m.csr), false);
                }
                files.stage(m.profile.certFile(), Pem.certificates(m.signed.fileChain), false);
            }
            List<Path> written = files.commit();
            for (Made m : made) {
                List<Path> mine = written.stream().filter(w -> isFileOf(m.profile, w)).toList();
                outcomes.add(new Outcome(m.profile, m.action, m.reasons, mine, m.signed.certificate));
            }
        }
        return outcomes;
    }

    private boolean isFileOf(Profile p, Path written) {
        String name = written.getFileName().toString();
        return name.equals(p.keyFile()) || name.equals(p.certFile()) || name.equals(p.csrFile());
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
                    + needing.get(0).name() + "..." : "Generating " + needing.size() + " keys on " + threads + " threads...");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<String, Future<KeyPair>> futures = new LinkedHashMap<>();
            for (Profile p : needing) {
                futures.put(p.name(), pool.submit(() -> {
                    long start = System.nanoTime();
                    KeyPair pair = p.key().generate(random);
                    if (p.key().isRsa()) {
                        progress.accept(String.format("Generated %s key for %s (%.1f s)", p.key().displayName(),
                                p.name(), (System.nanoTime() - start) / 1e9));
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
        Path keyFile = out.resolve(issuer.keyFile());
        Path certFile = out.resolve(issuer.certFile());
        for (Path f : new Path[] {keyFile, certFile}) {
            if (!Files.exists(f)) {
                throw PkiException.unusableInput(f + ": no such file; make the issuing CA first: ca-tool init "
                        + issuer.name() + (out.equals(Defaults.OUT_DIR) ? "" : " --out " + out));
            }
        }
        PrivateKey key = Pem.readPrivateKey(keyFile);
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        if (!KeyMatch.matches(key, chain.get(0).getPublicKey())) {
            throw PkiException.unusableInput(keyFile + ": does not match the CA certificate " + certFile);
        }
        if (chain.get(0).getBasicConstraints() < 0) {
            throw PkiException.unusableInput(certFile + ": is not a CA certificate (no basicConstraints CA:TRUE)");
        }
        return new Signed(chain.get(0), key, chain);
    }

    private static boolean sameCertificates(List<X509Certificate> a, List<X509Certificate> b) {
        if (a.size() != b.size()) {
            return false;
        }
        try {
            for (int i = 0; i < a.size(); i++) {
                if (!Arrays.equals(a.get(i).getEncoded(), b.get(i).getEncoded())) {
                    return false;
                }
            }
            return true;
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    /** What is on disk for a profile; unreadable files are noted, not thrown, since fixtures repairs them. */
    private record OnDisk(boolean keyExists, PrivateKey key, String keyError, List<X509Certificate> chain,
                          String certError) {
        static final OnDisk NONE = new OnDisk(false, null, null, null, null);

        /** Why the key on disk cannot be kept for {@code p}, or null when it can. */
        String keyProblem(Profile p) {
            if (!keyExists) {
                return "key missing";
            }
            if (key == null) {
                return "key unreadable: " + keyError;
            }
            if (chain == null) {
                return certError;
            }
            X509Certificate cert = chain.get(0);
            KeySpec spec = KeySpec.of(cert.getPublicKey()).orElse(null);
            if (spec != p.key()) {
                return "key type changed to " + p.key().yamlName();
            }
            if (!KeyMatch.matches(key, cert.getPublicKey())) {
                return "certificate does not match the key";
            }
            return null;
        }

        static OnDisk read(Profile p, Path out) {
            Path keyFile = out.resolve(p.keyFile());
            Path certFile = out.resolve(p.certFile());
            boolean keyExists = Files.exists(keyFile);
            PrivateKey key = null;
            String keyError = null;
            if (keyExists) {
                try {
                    key = Pem.readPrivateKey(keyFile);
                } catch (PkiException e) {
                    keyError = e.getMessage();
                }
            }
            List<X509Certificate> chain = null;
            String certError = null;
            if (!Files.exists(certFile)) {
                certError = "certificate missing";
            } else {
                try {
                    chain = Pem.readCertificates(certFile);
                } catch (PkiException e) {
                    certError = "certificate unreadable";
                }
            }
            return new OnDisk(keyExists, key, keyError, chain, certError);
        }
    }
}
