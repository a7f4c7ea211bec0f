package org.mtlskit.pki.internal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.testing.TestPki;

/**
 * What a user sees for a bad profile: one line naming the file, the line, the field and what is
 * allowed. The texts are the user-facing contract, so they are compared whole; the temporary
 * folder is shown as DIR.
 */
class ProfileErrorsTest {

    static final String CA = TestPki.ca("ec-p256");
    static final String SERVER = TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost");
    static final String TOP_LEVEL_FIELDS =
            "allowed here: description, ca, issuer, key, digest, validity, subject, extensions, files, crl, revoked, "
                    + "defects, audit, existing";

    @TempDir
    Path dir;

    /** Loads {@code ca} plus the given profiles and returns the error, which must be one line. */
    String errorFor(Map<String, String> profiles) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("ca", CA);
        all.putAll(profiles);
        TestPki.writeProfiles(dir, all);
        PkiException e = assertThrows(PkiException.class, () -> ProfileSet.load(dir));
        assertEquals(PkiException.Kind.INVALID_PROFILE, e.kind(), e.getMessage());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), "not one line: " + e.getMessage());
        return e.getMessage().replace(dir.toString(), "DIR");
    }

    String serverError(String yaml) {
        return errorFor(Map.of("server", yaml));
    }

    // ---- keys ----

    @Test
    void misspeltTopLevelKeySuggestsTheRightOne() {
        assertEquals(
                "DIR/server.yaml:2: keyy: unknown field (did you mean \"key\"?); " + TOP_LEVEL_FIELDS,
                serverError(SERVER.replace("key: ec-p256", "keyy: ec-p256")));
    }

    @Test
    void misspeltIssuerKeySuggestsIssuer() {
        assertEquals(
                "DIR/server.yaml:1: isuer: unknown field (did you mean \"issuer\"?); " + TOP_LEVEL_FIELDS,
                serverError(SERVER.replace("issuer: ca", "isuer: ca")));
    }

    @Test
    void unknownKeyWithoutNearMatchListsWhatIsAllowed() {
        assertEquals(
                "DIR/server.yaml:2: colour: unknown field; " + TOP_LEVEL_FIELDS,
                serverError("issuer: ca\ncolour: blue\nsubject:\n  CN: localhost\n"));
    }

    @Test
    void misspeltNestedKeyNamesItsFullPath() {
        assertEquals(
                "DIR/server.yaml:9: extensions.subjectAltNames: unknown field (did you mean \"subjectAltName\"?); "
                        + "allowed here: basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, nameConstraints",
                serverError(SERVER.replace("subjectAltName:", "subjectAltNames:")));
    }

    @Test
    void subjectAttributeInWrongCaseSuggestsTheRightSpelling() {
        assertEquals(
                "DIR/server.yaml:6: subject.cn: unknown field (did you mean \"CN\"?); "
                        + "allowed here: CN, O, OU, L, ST, C, emailAddress",
                serverError(SERVER.replace("CN: localhost", "cn: localhost")));
    }

    @Test
    void keyGivenTwiceNamesBothLines() {
        assertEquals(
                "DIR/server.yaml:3: key: given twice (first on line 2)",
                serverError(SERVER.replace("key: ec-p256\n", "key: ec-p256\nkey: ec-p384\n")));
    }

    // ---- types ----

    @Test
    void numberWhereTrueOrFalseBelongs() {
        assertEquals(
                "DIR/ca.yaml:1: ca: expected true or false, got a number (5)",
                errorFor(Map.of("ca", CA.replace("ca: true", "ca: 5"))));
    }

    @Test
    void textWhereDaysBelong() {
        assertEquals(
                "DIR/server.yaml:4: validity.days: expected a whole number from 1 to 36500, got \"ten\"",
                serverError(SERVER.replace("days: 365", "days: ten")));
    }

    @Test
    void listWhereSubjectMappingBelongs() {
        assertEquals(
                "DIR/server.yaml:2: subject: expected a mapping (key: value lines), got a list",
                serverError("issuer: ca\nsubject: [localhost]\n"));
    }

    @Test
    void singleValueWhereExtendedKeyUsageListBelongs() {
        assertEquals(
                "DIR/server.yaml:8: extensions.extendedKeyUsage: expected a list such as [a, b], got \"serverAuth\"",
                serverError(SERVER.replace("extendedKeyUsage: [serverAuth]", "extendedKeyUsage: serverAuth")));
    }

    @Test
    void topLevelThatIsNotAMapping() {
        assertEquals(
                "DIR/server.yaml:1: (top level): expected a mapping (key: value lines), got \"hello\"",
                serverError("hello\n"));
    }

    // ---- values ----

    @Test
    void rsa512IsRefusedWithTheAllowedKeyTypes() {
        assertEquals(
                "DIR/server.yaml:2: key: unknown value \"rsa-512\"; "
                        + "allowed: rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384, ed25519",
                serverError(SERVER.replace("ec-p256", "rsa-512")));
    }

    @Test
    void mistypedKeyTypeSuggestsTheNearestOne() {
        assertEquals(
                "DIR/server.yaml:2: key: unknown value \"rsa-4069\" (did you mean \"rsa-4096\"?); "
                        + "allowed: rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384, ed25519",
                serverError(SERVER.replace("ec-p256", "rsa-4069")));
    }

    @Test
    void zeroDaysIsOutOfRange() {
        assertEquals(
                "DIR/server.yaml:4: validity.days: 0 is out of range; allowed: 1 to 36500",
                serverError(SERVER.replace("days: 365", "days: 0")));
    }

    @Test
    void negativeDaysAreOutOfRange() {
        assertEquals(
                "DIR/server.yaml:4: validity.days: -5 is out of range; allowed: 1 to 36500",
                serverError(SERVER.replace("days: 365", "days: -5")));
    }

    @Test
    void notAfterBeforeNotBeforeIsRefused() {
        assertEquals(
                "DIR/server.yaml:5: validity.notAfter: must be after notBefore (2030-01-01T00:00:00Z)",
                serverError(SERVER.replace("days: 365", "notBefore: 2030-01-01\n  notAfter: 2029-12-31")));
    }

    @Test
    void notAfterEqualToNotBeforeIsRefused() {
        assertEquals(
                "DIR/server.yaml:5: validity.notAfter: must be after notBefore (2030-01-01T00:00:00Z)",
                serverError(SERVER.replace("days: 365", "notBefore: 2030-01-01\n  notAfter: 2030-01-01T00:00:00Z")));
    }

    @Test
    void impossibleDateSaysHowToWriteOne() {
        assertEquals(
                "DIR/server.yaml:5: validity.notAfter: \"2030-13-01\" is not a date; "
                        + "write 2030-01-31 or 2030-01-31T12:00:00Z (UTC)",
                serverError(SERVER.replace("days: 365", "notBefore: 2030-01-01\n  notAfter: 2030-13-01")));
    }

    @Test
    void daysAndNotAfterTogetherAreRefused() {
        assertEquals(
                "DIR/server.yaml:4: validity: give days or notAfter, not both",
                serverError(SERVER.replace("days: 365", "days: 365\n  notAfter: 2030-01-01")));
    }

    @Test
    void unknownDigestListsTheAllowedOnes() {
        assertEquals(
                "DIR/server.yaml:11: digest: unknown value \"md4\"; allowed: sha256, sha384, sha512",
                serverError(SERVER + "digest: md4\n"));
    }

    @Test
    void aBrokenDigestNamesTheDefectThatWouldAllowIt() {
        assertEquals(
                "DIR/server.yaml:11: digest: is broken and refused; to make a deliberately broken certificate "
                        + "for an audit, add defects: [md5]",
                serverError(SERVER + "digest: md5\n"));
    }

    @Test
    void digestWithDashSuggestsOpensslSpelling() {
        assertEquals(
                "DIR/server.yaml:11: digest: unknown value \"sha-256\" (did you mean \"sha256\"?); "
                        + "allowed: sha256, sha384, sha512",
                serverError(SERVER + "digest: sha-256\n"));
    }

    @Test
    void pathLenOnLeafIsRefused() {
        assertEquals(
                "DIR/server.yaml:12: extensions.basicConstraints.pathLen: pathLen is for CAs only; "
                        + "this profile is a leaf (add ca: true to make it a CA)",
                serverError(SERVER + "  basicConstraints:\n    pathLen: 0\n"));
    }

    @Test
    void pathLenOutOfRangeOnCa() {
        assertEquals(
                "DIR/ca.yaml:9: extensions.basicConstraints.pathLen: 17 is out of range; allowed: 0 to 16",
                errorFor(Map.of("ca", CA + "extensions:\n  basicConstraints:\n    pathLen: 17\n")));
    }

    @Test
    void serverAuthProfileWithoutSanIsRefused() {
        assertEquals(
                "DIR/server.yaml:7: extensions.subjectAltName: missing; a serverAuth certificate needs at least "
                        + "one dns or ip entry, since TLS clients check the hostname against the SAN, not the CN",
                serverError("issuer: ca\nkey: ec-p256\nvalidity:\n  days: 365\nsubject:\n  CN: localhost\n"
                        + "extensions:\n  extendedKeyUsage: [serverAuth]\n"));
    }

    @Test
    void ipSanThatIsAHostNameIsRefused() {
        assertEquals(
                "DIR/server.yaml:11: extensions.subjectAltName.ip[0]: \"localhost\" is not an IPv4 or IPv6 "
                        + "address such as 127.0.0.1 or ::1",
                serverError(SERVER + "    ip: [localhost]\n"));
    }

    @Test
    void ipSanOutOfRangeIsRefusedByPosition() {
        assertEquals(
                "DIR/server.yaml:11: extensions.subjectAltName.ip[1]: \"300.1.2.3\" is not an IPv4 or IPv6 "
                        + "address such as 127.0.0.1 or ::1",
                serverError(SERVER + "    ip: [127.0.0.1, 300.1.2.3]\n"));
    }

    @Test
    void dnsSanWithSpaceIsRefused() {
        assertEquals(
                "DIR/server.yaml:10: extensions.subjectAltName.dns[0]: \"my host\" is not a DNS name such as "
                        + "localhost or *.example.test",
                serverError(SERVER.replace("    dns: [localhost]\n", "") + "    dns: [my host]\n"));
    }

    @Test
    void keyEnciphermentOnEcKeyIsRefused() {
        assertEquals(
                "DIR/server.yaml:11: extensions.keyUsage: keyEncipherment and dataEncipherment need an RSA key; "
                        + "this profile's key is ec-p256",
                serverError(SERVER + "  keyUsage: [digitalSignature, keyEncipherment]\n"));
    }

    @Test
    void caWithoutKeyCertSignIsRefused() {
        assertEquals(
                "DIR/ca.yaml:8: extensions.keyUsage: a CA needs keyCertSign to sign certificates",
                errorFor(Map.of("ca", CA + "extensions:\n  keyUsage: [cRLSign]\n")));
    }

    @Test
    void missingSubjectIsRefused() {
        assertEquals(
                "DIR/server.yaml:1: subject: missing; every certificate needs a subject, "
                        + "for example subject: {CN: localhost}",
                serverError("issuer: ca\nkey: ec-p256\n"));
    }

    // ---- YAML itself ----

    @Test
    void unclosedListSaysWhatWasExpected() {
        assertEquals(
                "DIR/server.yaml:3: malformed YAML: expected ',' or ']', but got : "
                        + "(while parsing a flow sequence on line 2)",
                serverError("issuer: ca\nkey: [ec-p256\nsubject:\n  CN: localhost\n"));
    }

    @Test
    void badIndentationIsMalformedYaml() {
        assertEquals(
                "DIR/server.yaml:2: malformed YAML: mapping values are not allowed here",
                serverError("issuer: ca\n  key: ec-p256\nsubject:\n  CN: localhost\n"));
    }

    @Test
    void tabIndentationSaysSo() {
        assertEquals(
                "DIR/server.yaml:2: malformed YAML: found character '\\t(TAB)' that cannot start any token. "
                        + "(Do not use \\t(TAB) for indentation)",
                serverError("issuer: ca\nkey:\tec-p256\n"));
    }

    @Test
    void emptyFileIsRefused() {
        assertEquals("DIR/server.yaml: the file is empty; a profile is a YAML mapping", serverError(""));
    }

    @Test
    void fileWithOnlyCommentsIsEmpty() {
        assertEquals(
                "DIR/server.yaml: the file is empty; a profile is a YAML mapping",
                serverError("# the server profile, to be written\n"));
    }

    @Test
    void secondYamlDocumentIsRefused() {
        assertEquals(
                "DIR/server.yaml:12: a second YAML document; a profile is one mapping",
                serverError(SERVER + "---\nca: true\n"));
    }

    @Test
    void fileThatIsNotUtf8IsRefused() throws IOException {
        TestPki.writeProfiles(dir, Map.of("ca", CA));
        Files.write(dir.resolve("server.yaml"), new byte[] {'C', 'N', ':', ' ', (byte) 0xff, '\n'});
        PkiException e = assertThrows(PkiException.class, () -> ProfileSet.load(dir));
        assertEquals(
                "DIR/server.yaml: not UTF-8 text; a profile is a YAML file",
                e.getMessage().replace(dir.toString(), "DIR"));
    }

    // ---- references between profiles ----

    @Test
    void leafWithoutIssuerIsRefused() {
        assertEquals(
                "DIR/server.yaml:1: issuer: missing; a leaf certificate needs an issuer (the name of a CA profile, "
                        + "for example issuer: ca), or add ca: true to make a CA",
                serverError(SERVER.replace("issuer: ca\n", "")));
    }

    @Test
    void issuerThatDoesNotExistListsTheProfiles() {
        assertEquals(
                "DIR/server.yaml:1: issuer: no profile named \"root\" in DIR; profiles there: ca, server",
                serverError(SERVER.replace("issuer: ca", "issuer: root")));
    }

    @Test
    void issuerThatIsNotACaIsRefused() {
        assertEquals(
                "DIR/server.yaml:1: issuer: \"client\" is not a CA (its profile has no ca: true), "
                        + "so it cannot sign certificates",
                errorFor(Map.of(
                        "client",
                        TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost"),
                        "server",
                        SERVER.replace("issuer: ca", "issuer: client"))));
    }

    @Test
    void issuersThatFormALoopAreRefused() {
        Map<String, String> loop = new LinkedHashMap<>();
        loop.put("a", "ca: true\nissuer: b\nkey: ec-p256\nsubject:\n  CN: A\n");
        loop.put("b", "ca: true\nissuer: a\nkey: ec-p256\nsubject:\n  CN: B\n");
        assertEquals("DIR/a.yaml:2: issuer: the issuers form a loop (a -> b -> a)", errorFor(loop));
    }

    @Test
    void profileThatIssuesItselfIsRefused() {
        assertEquals(
                "DIR/server.yaml:1: issuer: a profile cannot be its own issuer; "
                        + "leave issuer out for a self-signed CA",
                serverError(SERVER.replace("issuer: ca", "issuer: server")));
    }

    @Test
    void caWithPathLenZeroCannotSignAnotherCa() {
        assertEquals(
                "DIR/sub.yaml:2: issuer: \"ca\" has pathLen 0, so it cannot sign another CA",
                errorFor(Map.of(
                        "ca",
                        CA + "extensions:\n  basicConstraints:\n    pathLen: 0\n",
                        "sub",
                        "ca: true\nissuer: ca\nkey: ec-p256\nsubject:\n  CN: Sub CA\n")));
    }

    @Test
    void twoProfilesWritingOneFileAreRefused() {
        assertEquals(
                "DIR/server.yaml:11: files: ca_cert.pem is also written by profile \"ca\"; "
                        + "each profile needs its own file names",
                serverError(SERVER + "files:\n  cert: ca_cert.pem\n"));
    }

    @Test
    void missingProfilesFolderIsUnusableInput() {
        PkiException e = assertThrows(PkiException.class, () -> ProfileSet.load(dir.resolve("nope")));
        assertEquals(PkiException.Kind.UNUSABLE_INPUT, e.kind());
        assertEquals("DIR/nope: no such profiles folder", e.getMessage().replace(dir.toString(), "DIR"));
        assertEquals(java.util.Optional.of(PkiException.Remedy.PROFILES_FOLDER), e.remedy());
    }

    // ---- what a good profile gives ----

    @Test
    void repoProfilesMirrorTheDemoConfigs() {
        ProfileSet set = ProfileSet.load(TestPki.repoProfiles());
        assertEquals(
                List.of("bad-ca", "bad", "ca", "client", "revoked", "server"),
                set.all().stream().map(Profile::name).toList());
        assertEquals(
                List.of("bad-ca", "bad", "ca", "client", "revoked", "server"),
                set.inIssuingOrder().stream().map(Profile::name).toList());

        Profile ca = set.get("ca");
        assertEquals(KeySpec.RSA_4096, ca.key());
        assertEquals(Digest.SHA256, ca.digest());
        assertEquals(Validity.ofDays(3650), ca.validity());
        assertEquals("CN=My Test CA", ca.subject().toString());
        assertEquals(EnumSet.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN), ca.keyUsage());
        assertNull(ca.issuer());
        assertNull(ca.csrFile());
        assertEquals(List.of("ca_key.pem", "ca_cert.pem"), List.of(ca.keyFile(), ca.certFile()));

        Profile server = set.get("server");
        assertEquals("ca", server.issuer());
        assertEquals(Validity.ofDays(365), server.validity());
        assertEquals(List.of(ExtendedKeyUsage.SERVER_AUTH), server.extendedKeyUsage());
        assertEquals(List.of("localhost"), server.subjectAltName().dns());
        assertEquals(EnumSet.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_ENCIPHERMENT), server.keyUsage());
        assertEquals(
                List.of("server_key.pem", "server_csr.pem", "server_cert.pem"),
                List.of(server.keyFile(), server.csrFile(), server.certFile()));

        assertEquals(List.of(ExtendedKeyUsage.CLIENT_AUTH), set.get("client").extendedKeyUsage());
        assertEquals("bad-ca", set.get("bad").issuer());
        assertEquals(
                List.of("bad_ca_key.pem", "bad_ca_cert.pem"),
                List.of(set.get("bad-ca").keyFile(), set.get("bad-ca").certFile()));
        assertEquals(ca.subject(), set.get("bad-ca").subject());
    }

    @Test
    void leftOutFieldsGetTheDocumentedDefaults() {
        Profile ca = ProfileParser.parse("ca", Path.of("ca.yaml"), "ca: true\nsubject:\n  CN: Minimal CA\n");
        assertEquals(Defaults.KEY, ca.key());
        assertEquals(Defaults.DIGEST, ca.digest());
        assertEquals(Validity.ofDays(Defaults.CA_DAYS), ca.validity());
        Profile leaf = ProfileParser.parse("leaf", Path.of("leaf.yaml"), "issuer: ca\nsubject:\n  CN: device\n");
        assertEquals(Validity.ofDays(Defaults.LEAF_DAYS), leaf.validity());
        assertEquals(List.of(), leaf.extendedKeyUsage());
        assertEquals("leaf_csr.pem", leaf.csrFile());
    }
}
