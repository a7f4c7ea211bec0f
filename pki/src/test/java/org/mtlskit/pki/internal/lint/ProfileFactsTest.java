package org.mtlskit.pki.internal.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.pki.testing.TestCertBuilder.bare;
import static org.mtlskit.pki.testing.TestCertBuilder.write;
import static org.mtlskit.pki.testing.TestKeys.ecKey;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.testing.TestPki;

/** What lint predicts from profiles matches what ca-tool makes from them; the rule tables hold together. */
class ProfileFactsTest {
    @TempDir
    Path root;

    @Test
    void predictedCertificateSizeIsAtOrJustAboveTheRealOne() throws Exception {
        for (String key : List.of("ec-p256", "rsa-2048")) {
            Path dir = root.resolve(key);
            Map<String, String> profiles = new LinkedHashMap<>(TestPki.demoProfiles(key));
            profiles.put("sub", "ca: true\nissuer: ca\nkey: " + key + "\nsubject:\n  CN: Sub CA\n  O: Example Org\n");
            profiles.put(
                    "device",
                    "issuer: sub\nkey: " + key + "\nsubject:\n  CN: device.example.test\n  C: DE\n"
                            + "extensions:\n  extendedKeyUsage: [serverAuth, clientAuth]\n  subjectAltName:\n"
                            + "    dns: [device.example.test, other.example.test]\n    ip: [10.0.0.7, '::1']\n");
            Path keys = TestPki.makeSet(dir, profiles, Clock.systemUTC());
            ProfileSet set = ProfileSet.load(dir.resolve("profiles"));
            for (Profile p : set.all()) {
                X509Certificate real =
                        Pem.readCertificates(keys.resolve(p.certFile())).get(0);
                int actual = real.getEncoded().length;
                Profile issuer = p.selfSigned() ? p : set.get(p.issuer());
                int estimate = ProfileFacts.estimatedDerLength(p, issuer);
                assertTrue(
                        estimate >= actual && estimate <= actual + 48,
                        key + " " + p.name() + ": estimated " + estimate + ", real " + actual);
                CertFacts predicted = ProfileFacts.certificate(p, issuer);
                CertFacts read = CertFacts.of(encoded(real));
                assertEquals(read.critical(), predicted.critical(), p.name());
                assertEquals(read.nonCritical(), predicted.nonCritical(), p.name());
                assertEquals(read.keyUsage(), predicted.keyUsage(), p.name());
                assertEquals(read.extendedKeyUsage(), predicted.extendedKeyUsage(), p.name());
                assertEquals(read.dnsNames(), predicted.dnsNames(), p.name());
                assertEquals(read.key(), predicted.key(), p.name());
                assertEquals(read.signature(), predicted.signature(), p.name());
            }
            // The files and the profiles break the same rules (here: the IP SAN only).
            List<Path> files =
                    set.all().stream().map(p -> keys.resolve(p.certFile())).toList();
            Set<String> fromFiles = Linter.lintFiles(files, Target.MBEDTLS_2_28, Limits.DEFAULT).stream()
                    .map(f -> f.rule().id())
                    .collect(Collectors.toSet());
            Set<String> fromProfiles = Linter.lintProfiles(set, Target.MBEDTLS_2_28, Limits.DEFAULT).stream()
                    .map(f -> f.rule().id())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("ip-san-not-matched"), fromProfiles);
            assertEquals(fromProfiles, fromFiles);
        }
    }

    @Test
    void aSelfSignedLeafIsAChainAndATrustListIsNot() {
        String[] names = new String[800];
        for (int i = 0; i < names.length; i++) {
            names[i] = "host-" + i + ".size-limit.example.test";
        }
        Path leaf = write(
                root,
                "leaf.pem",
                bare("Big Leaf", ecKey()).basicConstraints(false).dns(names).build());
        Path ca = write(
                root,
                "ca.pem",
                bare("ca", ecKey()).basicConstraints(true).dns(names).build());
        assertEquals(
                List.of("chain-in-content-len"),
                Linter.lintFiles(List.of(leaf), Target.MBEDTLS_2_28, Limits.DEFAULT).stream()
                        .map(f -> f.rule().id())
                        .toList());
        assertEquals(List.of(), Linter.lintFiles(List.of(ca), Target.MBEDTLS_2_28, Limits.DEFAULT));
    }

    @Test
    void atLeastTwelveMbedtls228RulesAreEachProvenByATestThatExists() {
        int proven = 0;
        for (Rule r : Linter.rules(Target.MBEDTLS_2_28)) {
            if (r.proof().startsWith("handshake-tool ChainSizeOnMbedtlsTest.")) {
                continue;
            }
            String[] classAndMethod = r.proof().split("\\.");
            Class<?> test = r.proof().startsWith("MbedtlsParseRulesTest.")
                    ? MbedtlsParseRulesTest.class
                    : MbedtlsVerifyRulesTest.class;
            assertEquals(test.getSimpleName(), classAndMethod[0], r.id() + ": " + r.proof());
            Set<String> methods = Arrays.stream(test.getDeclaredMethods())
                    .map(Method::getName)
                    .collect(Collectors.toSet());
            assertTrue(methods.contains(classAndMethod[1]), r.proof());
            proven++;
        }
        assertTrue(proven >= 12, proven + " rules proven");
    }

    @Test
    void theReadmeTableListsEveryRuleOfEveryTarget() throws Exception {
        String readme = Files.readString(TestPki.repoProfiles().getParent().resolve("docs/lint.md"));
        String section = readme;
        for (Target t : Target.values()) {
            for (Rule r : Linter.rules(t)) {
                assertTrue(
                        section.contains("| " + t.id() + " | `" + r.id() + "` |"),
                        "docs/lint.md: " + t.id() + " " + r.id());
            }
        }
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
