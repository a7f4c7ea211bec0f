package org.mtlskit.pki.internal.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileParser;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.testing.TestPki;

/**
 * defects: in memory: each lifts its own refusal and no other, building stays a function of the
 * clock and randomness it is given, and fixtures keeps what a defect made.
 */
class DefectsTest {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String CLIENT = TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost");

    @TempDir
    Path dir;

    static Profile profile(String yaml) {
        return ProfileParser.parse("case", Path.of("case.yaml"), yaml);
    }

    static String error(String yaml) {
        PkiException e = assertThrows(PkiException.class, () -> profile(yaml));
        assertEquals(PkiException.Kind.INVALID_PROFILE, e.kind());
        return e.getMessage();
    }

    @Test
    void aWeakKeyOrDigestIsRefusedUnlessItsDefectAsksForIt() {
        assertEquals(
                "case.yaml:2: key: is broken and refused; to make a deliberately broken certificate for an audit, "
                        + "add defects: [rsa-1024]",
                error(CLIENT.replace("key: ec-p256", "key: rsa-1024")));
        assertEquals(
                "case.yaml:1: digest: is broken and refused; to make a deliberately broken certificate for an "
                        + "audit, add defects: [sha1]",
                error("digest: sha1\n" + CLIENT));
        assertEquals(
                KeySpec.RSA_1024,
                profile(CLIENT.replace("key: ec-p256\n", "") + "defects: [rsa-1024]\n")
                        .key());
        assertEquals(Digest.MD5, profile(CLIENT + "defects: [md5]\n").digest());
        assertTrue(error(CLIENT + "defects: [rsa-1024]\n").contains("the rsa-1024 defect sets key itself"));
    }

    @Test
    void aDefectLiftsOnlyItsOwnRefusal() {
        String serverNoSan = "issuer: ca\nsubject: {CN: localhost}\nextensions:\n  extendedKeyUsage: [serverAuth]\n";
        assertTrue(error(serverNoSan).contains("a serverAuth certificate needs at least one dns or ip entry"));
        assertTrue(profile(serverNoSan + "defects: [noSubjectAltName]\n").has(Defect.NO_SUBJECT_ALT_NAME));
        // expired lifts nothing about the SAN.
        assertTrue(error(serverNoSan + "defects: [expired]\n").contains("a serverAuth certificate needs"));
    }

    @Test
    void defectsNameTheirScopeAndContradictionsAreRefused() {
        assertTrue(error(TestPki.ca("ec-p256") + "defects: [expired]\n").contains("expired is for leaf profiles"));
        assertTrue(error(CLIENT + "defects: [intermediateNotCa]\n").contains("intermediateNotCa is for CA profiles"));
        assertTrue(error(CLIENT + "defects: [expired, notYetValid]\n").contains("contradict each other"));
        assertTrue(error(CLIENT + "defects: [v1, noKeyUsage]\n").contains("v1 cannot be combined"));
        assertTrue(error(CLIENT + "defects: [late]\n").contains("unknown value \"late\""));
    }

    @Test
    void expiredAndNotYetValidFollowTheInjectedClock() {
        KeyPair ca = KeySpec.EC_P256.generate(new java.security.SecureRandom());
        Profile caProfile = ProfileParser.parse("ca", Path.of("ca.yaml"), TestPki.ca("ec-p256"));
        X509Certificate caCert = Issuance.selfSigned(caProfile, ca, CLOCK, new java.security.SecureRandom());
        Issuance.Issuer issuer = new Issuance.Issuer(caCert, ca.getPrivate());
        KeyPair leaf = KeySpec.EC_P256.generate(new java.security.SecureRandom());
        X509Certificate expired = Issuance.issue(
                profile(CLIENT + "defects: [expired]\n"), leaf, issuer, CLOCK, new java.security.SecureRandom());
        assertEquals(NOW.minus(Duration.ofDays(1)), expired.getNotAfter().toInstant());
        assertEquals(NOW.minus(Duration.ofDays(366)), expired.getNotBefore().toInstant());
        X509Certificate early = Issuance.issue(
                profile(CLIENT + "defects: [notYetValid]\n"), leaf, issuer, CLOCK, new java.security.SecureRandom());
        assertEquals(
                NOW.plus(Duration.ofDays(Defaults.NOT_YET_VALID_DAYS)),
                early.getNotBefore().toInstant());
    }

    @Test
    void badSignatureFailsUnderTheIssuerAndSelfSignedCarriesTheIssuersName() throws Exception {
        KeyPair ca = KeySpec.EC_P256.generate(new java.security.SecureRandom());
        Profile caProfile = ProfileParser.parse("ca", Path.of("ca.yaml"), TestPki.ca("ec-p256"));
        X509Certificate caCert = Issuance.selfSigned(caProfile, ca, CLOCK, new java.security.SecureRandom());
        Issuance.Issuer issuer = new Issuance.Issuer(caCert, ca.getPrivate());
        KeyPair leaf = KeySpec.EC_P256.generate(new java.security.SecureRandom());
        X509Certificate bad = Issuance.issue(
                profile(CLIENT + "defects: [badSignature]\n"), leaf, issuer, CLOCK, new java.security.SecureRandom());
        assertThrows(SignatureException.class, () -> bad.verify(ca.getPublic()));
        DefectiveSigning.flipSignature(bad).verify(ca.getPublic());
        X509Certificate self = Issuance.issue(
                profile(CLIENT.replace("subject:\n  CN: localhost\n", "") + "defects: [selfSigned]\n"),
                leaf,
                issuer,
                CLOCK,
                new java.security.SecureRandom());
        assertEquals(caCert.getSubjectX500Principal(), self.getSubjectX500Principal());
        assertEquals(caCert.getSubjectX500Principal(), self.getIssuerX500Principal());
        self.verify(leaf.getPublic());
        assertNull(self.getExtensionValue("2.5.29.35"));
    }

    @Test
    void pathLenZeroAndNameConstraintsAreRefusedUnlessTheDefectIsNamed() {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("ca", TestPki.ca("ec-p256"));
        set.put(
                "int",
                "ca: true\nissuer: ca\nkey: ec-p256\nsubject: {CN: int}\nextensions:\n  basicConstraints:\n"
                        + "    pathLen: 0\n  nameConstraints:\n    permitted:\n      dns: [permitted.test]\n");
        set.put("sub", "ca: true\nissuer: int\nkey: ec-p256\nsubject: {CN: sub}\n");
        TestPki.writeProfiles(dir, set);
        assertTrue(assertThrows(PkiException.class, () -> ProfileSet.load(dir))
                .getMessage()
                .contains("has pathLen 0, so it cannot sign another CA"));
        set.put("sub", set.get("sub") + "defects: [pathLenExceeded]\n");
        set.put("leaf", TestPki.leaf("int", "ec-p256", "[clientAuth]", "localhost"));
        TestPki.writeProfiles(dir, set);
        assertTrue(assertThrows(PkiException.class, () -> ProfileSet.load(dir))
                .getMessage()
                .contains("outside the nameConstraints of an issuer; peers refuse it (RFC 5280 4.2.1.10)"));
        set.put("leaf", set.get("leaf") + "defects: [nameConstraintViolation]\n");
        TestPki.writeProfiles(dir, set);
        assertEquals(
                List.of(Defect.NAME_CONSTRAINT_VIOLATION),
                List.copyOf(ProfileSet.load(dir).get("leaf").extras().defects()));
    }

    @Test
    void anExistingCaThatIsMissingStopsTheRunBeforeAnyKeyIsMade() throws Exception {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("trusted", "ca: true\nexisting:\n  key: ../ca_key.pem\n  cert: ../ca_cert.pem\n");
        set.put("leaf", TestPki.leaf("trusted", "ec-p256", "[clientAuth]", "localhost"));
        TestPki.writeProfiles(dir.resolve("p"), set);
        Path out = dir.resolve("keys/audit");
        PkiException e = assertThrows(
                PkiException.class,
                () -> new Fixtures(
                                ProfileSet.load(dir.resolve("p")),
                                out,
                                CLOCK,
                                new java.security.SecureRandom(),
                                line -> {})
                        .fixtures(false, Duration.ZERO));
        assertEquals(PkiException.Kind.UNUSABLE_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith(dir.resolve("keys/ca_key.pem") + ": no such file; "), e.getMessage());
        assertTrue(!Files.exists(out));
    }
}
