package org.mtlskit.pki;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.mtlskit.pki.Fixtures.Action;
import org.mtlskit.pki.Fixtures.Outcome;

/**
 * Writes what a {@link Fixtures} run made: keys, CSRs, certificates, keystores and, through
 * {@link CrlPublishing}, each CA's revocation state and CRL, all staged and committed together.
 */
final class FixturesWriter {
    private final ProfileSet profiles;
    private final Path out;
    private final Clock clock;
    private final SecureRandom random;
    private final char[] password;

    FixturesWriter(ProfileSet profiles, Path out, Clock clock, SecureRandom random, char[] password) {
        this.profiles = profiles;
        this.out = out;
        this.clock = clock;
        this.random = random;
        this.password = password;
    }

    /**
     * What a run made (or kept, or used) for one profile, to be written.
     *
     * @param newKey the key to write, when it is new
     * @param csr    the CSR to write, for a profile that has one and a certificate made now
     */
    record Made(Profile profile, Action action, List<String> reasons, CertifiedKey signed,
                PrivateKey newKey, PKCS10CertificationRequest csr) {
    }

    /**
     * Stages every file of the run and renames them into place together: keys, CSRs, certificates,
     * keystores, and, for each CA in {@code cas} that publishes a CRL, its revocation state and CRL.
     */
    List<Outcome> writeAll(List<Made> made, Map<String, CertifiedKey> cas, Duration renewWithin) {
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
                                ? Pem.encryptedPrivateKey(m.newKey, password, random, extras.keyEncryption())
                                : Pem.privateKey(m.newKey), true);
                    }
                    if (m.csr != null) {
                        stage(files, mine, m.profile.csrFile(), Pem.csr(m.csr), false);
                    }
                    stage(files, mine, m.profile.certFile(),
                            Pem.certificates(CertifiedKey.inFileOrder(m.profile, m.signed.fileChain())), false);
                }
                if (extras.pkcs12File() != null
                        && FixturesPlan.keystoreDue(m.action, out.resolve(extras.pkcs12File()), extras.pkcs12Format())) {
                    List<X509Certificate> chain = new ArrayList<>(m.signed.fileChain());
                    if (!chain.contains(m.signed.root())) {
                        chain.add(m.signed.root());
                    }
                    stage(files, mine, extras.pkcs12File(),
                            Keystores.keystore(m.profile.name(), m.signed.key(), chain, password, extras.pkcs12Format()), true);
                }
                if (extras.truststoreFile() != null
                        && FixturesPlan.truststoreDue(m.action, out.resolve(extras.truststoreFile()))) {
                    stage(files, mine, extras.truststoreFile(), Keystores.truststore(m.profile.name(),
                            List.of(m.signed.certificate()),
                            password != null ? password : Defaults.TRUSTSTORE_PASSWORD.toCharArray(), false), false);
                }
            }
            for (Map.Entry<String, CertifiedKey> ca : cas.entrySet()) {
                Profile caProfile = profiles.get(ca.getKey());
                if (caProfile.extras().crlDays() != null) {
                    List<String> mine = staged.computeIfAbsent(caProfile.name(), n -> new ArrayList<>());
                    CrlPublishing.publish(out, clock, caProfile, ca.getValue(), made, files, mine, renewWithin);
                }
            }
            Map<String, Path> written = new LinkedHashMap<>();
            files.commit().forEach(p -> written.put(p.getFileName().toString(), p));
            for (Made m : made) {
                List<Path> mine = staged.get(m.profile.name()).stream().map(written::get).toList();
                java.util.Set<Defect> above = new java.util.HashSet<>();
                profiles.chain(m.profile.name()).stream().skip(1).forEach(ca -> above.addAll(ca.extras().defects()));
                outcomes.add(new Outcome(m.profile, m.action, m.reasons, mine, m.signed.certificate(), above));
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
}
