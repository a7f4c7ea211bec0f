package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlskit.pki.testing.Programs.openssl;
import static org.mtlskit.testing.ToolRun.caTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.AuditBatteries;
import org.mtlskit.testing.ToolRun;

/**
 * The shipped battery (profiles/audit, unchanged) made by "ca-tool fixtures" below a trusted and an
 * untrusted CA (RSA-2048 here, for speed), then each case read by the real openssl: x509 -text shows
 * the defect, and openssl verify refuses exactly the cases that say expect: refuse, each for its
 * own reason, at security level 2 (Debian's default).
 */
class AuditBatteryOpensslTest {

    @TempDir
    static Path root;

    static Path keys;
    static Path audit;
    static ToolRun.Result first;

    @BeforeAll
    static void makeTheBattery() throws IOException {
        AuditBatteries.Made made = AuditBatteries.make(root, Map.of());
        keys = made.keys();
        audit = made.folder();
        first = made.run();
    }

    static ProfileSet battery() {
        return ProfileSet.load(TestPki.repoProfiles().resolve("audit"));
    }

    @Test
    void batteryHasTwentyClientCasesAndOneBaselineEachWithItsRule() {
        List<Profile> cases = battery().all().stream()
                .filter(p -> p.extras().audit() != null && p.extras().audit().role() == AuditCase.Role.CLIENT)
                .toList();
        assertTrue(cases.size() >= 21, "cases: " + cases.size());
        assertEquals(
                List.of("good"),
                cases.stream()
                        .filter(p -> p.extras().audit().baseline())
                        .map(Profile::name)
                        .toList());
        for (Profile p : cases) {
            AuditCase a = p.extras().audit();
            assertEquals(AuditCase.Role.CLIENT, a.role(), p.name());
            assertTrue(a.rule().startsWith("RFC "), p.name() + ": " + a.rule());
        }
        assertTrue(cases.stream()
                        .filter(p -> p.extras().audit().expect() == AuditCase.Expect.REFUSE)
                        .count()
                >= 16);
    }

    @Test
    void theTrustedCaIsUsedWhereItIsAndNeverWritten() throws IOException {
        assertTrue(
                first.out().contains("trusted-ca: used, not written (existing CA ../ca_cert.pem): CN=My Test CA"),
                first.out());
        try (Stream<Path> files = Files.list(audit)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("trusted_ca")));
        }
    }

    @Test
    void everyLineAboutABrokenProfileSaysSoAndHow() {
        for (String line : first.out().lines().toList()) {
            if (line.startsWith("expired:")) {
                assertTrue(line.endsWith("DELIBERATELY BROKEN (expired: notAfter is a day in the past)"), line);
            }
            if (line.startsWith("path-len-exceeded:")) {
                assertTrue(
                        line.endsWith("DELIBERATELY BROKEN CHAIN (issued below a CA: a CA below an issuer whose "
                                + "pathLen is 0)"),
                        line);
            }
            if (line.startsWith("intermediate-not-a-ca:")) {
                assertTrue(
                        line.endsWith("DELIBERATELY BROKEN CHAIN (issued below a CA: signs certificates but says "
                                + "basicConstraints CA:FALSE)"),
                        line);
            }
            if (line.startsWith("good:")) {
                assertTrue(!line.contains("BROKEN"), line);
            }
        }
        assertTrue(first.out().contains("Generated RSA-1024 key for rsa-1024"), first.out());
        assertTrue(
                first.out()
                        .lines()
                        .filter(l -> l.startsWith("Generated RSA-1024"))
                        .allMatch(l -> l.endsWith("DELIBERATELY BROKEN (a 1024-bit RSA key)")),
                first.out());
    }

    @Test
    void aSecondRunKeepsEveryBrokenCertificate() {
        ToolRun.Result again =
                caTool("fixtures", "--profiles", root.resolve("profiles/audit").toString(), "--out", audit.toString());
        assertEquals(0, again.code(), again.err());
        for (String line : again.out().lines().toList()) {
            assertTrue(line.contains(": kept: ") || line.contains(": used, not written "), line);
        }
    }

    @Test
    void checkAfterTheBatteryIsMadeFindsNothingToChangeAndWritesNothing() {
        FolderSnapshot battery = FolderSnapshot.of(audit);
        FolderSnapshot cas = FolderSnapshot.of(keys);
        ToolRun.Result check = caTool(
                "fixtures",
                "--check",
                "--profiles",
                root.resolve("profiles/audit").toString(),
                "--out",
                audit.toString());
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("trusted-ca: would use, not write (existing CA); valid until "), check.out());
        for (String line : check.out()
                .lines()
                .filter(l -> !l.startsWith("fixtures --check: "))
                .toList()) {
            assertTrue(line.contains(": would keep; ") || line.contains(": would use, not write "), line);
        }
        assertEquals(java.util.Set.of(), battery.changedIn(FolderSnapshot.of(audit)));
        assertEquals(java.util.Set.of(), cas.changedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void lintReadsTheBatteryAndFlagsItsWeakAlgorithms() {
        ToolRun.Result lint =
                caTool("lint", "--profiles", root.resolve("profiles/audit").toString(), "--target", "openssl-3");
        assertEquals(8, lint.code(), lint.out() + lint.err());
        List<String> flagged = lint.out()
                .lines()
                .filter(l -> !l.startsWith("lint "))
                .map(l -> l.replaceAll(".*/", "").replaceAll(":.*", ""))
                .sorted()
                .toList();
        assertEquals(
                List.of("md5.yaml", "rsa-1024.yaml", "server-rsa-1024.yaml", "server-sha1.yaml", "sha1.yaml"),
                flagged,
                lint.out());
    }

    /** What openssl x509 -text must show for each defect. */
    static final Map<String, String> TEXT = new LinkedHashMap<>();

    static {
        TEXT.put("sha1", "Signature Algorithm: sha1WithRSAEncryption");
        TEXT.put("md5", "Signature Algorithm: md5WithRSAEncryption");
        TEXT.put("rsa-1024", "Public-Key: (1024 bit)");
        TEXT.put("v1", "Version: 1 (0x0)");
        TEXT.put("ca-true-leaf", "CA:TRUE");
        TEXT.put("unknown-critical-extension", "1.3.6.1.4.1.32473.17.1: critical");
        TEXT.put("server-auth-only", "TLS Web Server Authentication");
        TEXT.put("key-usage-without-digital-signature", "Key Usage: critical\n                Key Encipherment\n");
        TEXT.put("self-signed", "Issuer: CN = My Test CA");
        TEXT.put("name-constraint-violation", "DNS:localhost");
    }

    @Test
    void theConstrainedIntermediateCarriesCriticalNameConstraints() {
        String text = Programs.opensslOk(audit, "x509", "-noout", "-text", "-in", file("constrained-ca"));
        assertTrue(
                text.contains(
                        "X509v3 Name Constraints: critical\n                Permitted:\n                  DNS:permitted.test"),
                text);
        String notCa = Programs.opensslOk(audit, "x509", "-noout", "-text", "-in", file("not-a-ca"));
        assertTrue(notCa.contains("CA:FALSE") && notCa.contains("Certificate Sign"), notCa);
    }

    @Test
    void opensslX509ShowsEachDefect() {
        for (Map.Entry<String, String> e : TEXT.entrySet()) {
            String text = Programs.opensslOk(audit, "x509", "-noout", "-text", "-in", file(e.getKey()));
            assertTrue(text.contains(e.getValue()), e.getKey() + ":\n" + text);
        }
        for (String noExt : List.of(
                "no-key-usage:X509v3 Key Usage",
                "no-extended-key-usage:Extended Key Usage",
                "no-subject-alt-name:Subject Alternative Name",
                "v1:X509v3")) {
            String[] p = noExt.split(":");
            String text = Programs.opensslOk(audit, "x509", "-noout", "-text", "-in", file(p[0]));
            assertTrue(!text.contains(p[1]), p[0] + ":\n" + text);
        }
    }

    /** openssl verify's verdict on each case, with the intermediates of the battery as untrusted helpers. */
    @Test
    void opensslVerifyRefusesExactlyTheRefuseCasesEachForItsReason() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("untrusted-issuer", "unable to get local issuer certificate");
        reasons.put("self-signed", "self-signed certificate");
        reasons.put("expired", "certificate has expired");
        reasons.put("not-yet-valid", "certificate is not yet valid");
        reasons.put("bad-signature", "certificate signature failure");
        reasons.put("sha1", "digest algorithm too weak");
        reasons.put("md5", "digest algorithm too weak");
        reasons.put("rsa-1024", "EE certificate key too weak");
        reasons.put("unknown-critical-extension", "unhandled critical extension");
        reasons.put("key-usage-without-digital-signature", "unsuitable certificate purpose");
        reasons.put("server-auth-only", "unsuitable certificate purpose");
        reasons.put("intermediate-not-a-ca", "invalid CA certificate");
        reasons.put("path-len-exceeded", "path length constraint exceeded");
        reasons.put("name-constraint-violation", "permitted subtree violation");
        reasons.put("missing-intermediate", "unable to get local issuer certificate");
        List<String> accepted = new ArrayList<>();
        for (Profile p : battery().all()) {
            if (p.extras().audit() == null
                    || p.extras().audit().role() != AuditCase.Role.CLIENT
                    || p.name().equals("wrong-chain-order")) {
                continue;
            }
            // The chain as the client sends it: the file, read as leaf plus untrusted intermediates.
            Programs.Result v = openssl(
                    audit,
                    "verify",
                    "-auth_level",
                    "2",
                    "-purpose",
                    "sslclient",
                    "-CAfile",
                    "../ca_cert.pem",
                    "-untrusted",
                    file(p.name()),
                    file(p.name()));
            boolean ok = v.code() == 0;
            if (p.extras().audit().expect() == AuditCase.Expect.ACCEPT) {
                assertTrue(ok, p.name() + ":\n" + v.output());
                accepted.add(p.name());
            } else {
                assertTrue(!ok && v.output().contains(reasons.get(p.name())), p.name() + ":\n" + v.output());
            }
        }
        assertEquals(
                List.of(
                        "ca-true-leaf",
                        "good",
                        "good-via-intermediate",
                        "no-extended-key-usage",
                        "no-key-usage",
                        "no-subject-alt-name",
                        "v1"),
                accepted.stream().sorted().toList());
    }

    @Test
    void wrongChainOrderPutsTheLeafLastAndMissingIntermediateDropsIt() {
        String order = Programs.opensslOk(audit, "crl2pkcs7", "-nocrl", "-certfile", file("wrong-chain-order"));
        Path p7 = audit.resolve("order.p7");
        try {
            Files.writeString(p7, order);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String subjects = Programs.opensslOk(audit, "pkcs7", "-print_certs", "-noout", "-in", "order.p7");
        assertEquals(
                List.of("subject=CN = mtlskit audit intermediate", "subject=CN = mtlskit audit wrong-chain-order"),
                subjects.lines().filter(l -> l.startsWith("subject=")).toList());
        String missing = Programs.opensslOk(audit, "crl2pkcs7", "-nocrl", "-certfile", file("missing-intermediate"));
        assertEquals(1, missing.lines().filter(l -> l.contains("BEGIN PKCS7")).count());
        assertEquals(1, countCertificates(file("missing-intermediate")));
        assertEquals(2, countCertificates(file("good-via-intermediate")));
    }

    static long countCertificates(String file) {
        try {
            return Files.readString(audit.resolve(file))
                    .lines()
                    .filter(l -> l.equals("-----BEGIN CERTIFICATE-----"))
                    .count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String file(String profile) {
        return profile.replace('-', '_') + "_cert.pem";
    }
}
