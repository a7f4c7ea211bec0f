package org.mtlskit.pki.internal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mtlskit.pki.PkiException;

/** The profile field extensions.subjectAltName.fromCsr, checked like every other field. */
class SubjectAltNameFromCsrFieldTest {
    private static final Path FILE = Path.of("profiles/device.yaml");

    private static Profile parse(String yaml) {
        return ProfileParser.parse("device", FILE, yaml);
    }

    private static String error(String yaml) {
        PkiException e = assertThrows(PkiException.class, () -> parse(yaml));
        assertEquals(PkiException.Kind.INVALID_PROFILE, e.kind());
        return e.getMessage();
    }

    private static final String LEAF = "issuer: ca\nkey: ec-p256\nsubject:\n  CN: device\nextensions:\n";

    @Test
    void fromCsrAloneIsAValidSubjectAltName() {
        Profile p = parse(LEAF + "  extendedKeyUsage: [clientAuth]\n  subjectAltName:\n    fromCsr: true\n");
        assertTrue(p.subjectAltNameFromCsr());
        assertTrue(p.subjectAltName().isEmpty());
    }

    @Test
    void withoutFromCsrTheFlagIsFalse() {
        Profile p = parse(LEAF + "  subjectAltName:\n    dns: [localhost]\n    fromCsr: false\n");
        assertFalse(p.subjectAltNameFromCsr());
        assertFalse(parse(LEAF + "  subjectAltName:\n    dns: [localhost]\n").subjectAltNameFromCsr());
    }

    @Test
    void fromCsrMustBeTrueOrFalse() {
        assertEquals(
                "profiles/device.yaml:7: extensions.subjectAltName.fromCsr: expected true or false, "
                        + "got \"always\"",
                error(LEAF + "  subjectAltName:\n    fromCsr: always\n"));
    }

    @Test
    void fromCsrIsForLeafProfilesOnly() {
        assertEquals(
                "profiles/device.yaml:7: extensions.subjectAltName.fromCsr: is for leaf profiles: ca-tool sign "
                        + "issues leaf certificates only; remove it from this CA profile",
                error(
                        "ca: true\nkey: ec-p256\nsubject:\n  CN: ca\nextensions:\n  subjectAltName:\n    fromCsr: true\n"));
    }

    @Test
    void serverProfileStillNeedsItsOwnDnsOrIpEntry() {
        assertEquals(
                "profiles/device.yaml:8: extensions.subjectAltName: a serverAuth profile needs at least one dns "
                        + "or ip entry even with fromCsr: true, for the certificates ca-tool issue and fixtures make from the "
                        + "profile itself",
                error(LEAF + "  extendedKeyUsage: [serverAuth]\n  subjectAltName:\n    fromCsr: true\n"));
    }

    @Test
    void falseFromCsrWithoutEntriesIsStillEmpty() {
        assertEquals(
                "profiles/device.yaml:6: extensions.subjectAltName: empty; give dns, ip, email or uri entries, "
                        + "or leave subjectAltName out",
                error(LEAF + "  subjectAltName:\n    fromCsr: false\n"));
    }

    @Test
    void misspeltFromCsrIsSuggested() {
        assertEquals(
                "profiles/device.yaml:7: extensions.subjectAltName.fromCSR: unknown field (did you mean "
                        + "\"fromCsr\"?); allowed here: dns, ip, email, uri, fromCsr",
                error(LEAF + "  subjectAltName:\n    fromCSR: true\n"));
    }
}
