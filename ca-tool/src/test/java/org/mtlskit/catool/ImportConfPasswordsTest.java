package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.testing.ToolRun;

/** import-conf never copies a password: not to its output, not into the profile it writes. */
class ImportConfPasswordsTest {

    static final String CONF_WITH_PASSWORDS = """
            [ req ]
            default_bits = 2048
            prompt = no
            input_password = in-Secret-1
            output_password = out-Secret-2
            distinguished_name = dn
            attributes = req_attributes
            req_extensions = req_ext

            [ dn ]
            CN = localhost

            [ req_attributes ]
            challengePassword = chal-Secret-3
            challengePassword_default = chal-Secret-4

            [ req_ext ]
            subjectAltName = DNS:localhost
            """;

    /** openssl's pass phrase arguments, under names without "password" in them. */
    static final String CONF_WITH_PASS_PHRASES = """
            [ req ]
            default_bits = 2048
            prompt = no
            passin = pass:in-Secret-5
            passout = pass:out-Secret-6
            distinguished_name = dn
            encrypt_key = env:KEY-SECRET-VAR
            default_keyfile = file:/run/secret-path
            req_extensions = req_ext

            [ dn ]
            CN = localhost

            [ req_ext ]
            subjectAltName = DNS:localhost
            """;

    @TempDir
    Path dir;

    @Test
    void passinPassoutAndPassPhraseReferencesAreNotCopied() throws Exception {
        Path conf = Files.writeString(dir.resolve("device.conf"), CONF_WITH_PASS_PHRASES);
        Path profiles = dir.resolve("profiles");

        ToolRun.Result r = ToolRun.caTool("import-conf", conf.toString(), "--profiles", profiles.toString());

        assertEquals(0, r.code(), r.err());
        for (String expected : List.of(
                "  not mapped: " + conf + ":4: passin: a password: not copied",
                "  not mapped: " + conf + ":5: passout: a password: not copied",
                "  not mapped: " + conf + ":7: encrypt_key: a password: not copied",
                "  not mapped: " + conf + ":8: default_keyfile: a password: not copied")) {
            assertTrue(r.out().lines().anyMatch(expected::equals), expected + " missing in:\n" + r.out());
        }
        String profile = Files.readString(profiles.resolve("device.yaml"));
        for (String secret : List.of("in-Secret-5", "out-Secret-6", "KEY-SECRET-VAR", "secret-path")) {
            assertFalse(r.out().contains(secret) || r.err().contains(secret), secret + " printed:\n" + r.out());
            assertFalse(profile.contains(secret), secret + " copied into the profile:\n" + profile);
        }
    }

    @Test
    void passwordLinesAreNamedAsNotCopiedAndTheirValuesAppearNowhere() throws Exception {
        Path conf = Files.writeString(dir.resolve("device.conf"), CONF_WITH_PASSWORDS);
        Path profiles = dir.resolve("profiles");

        ToolRun.Result r = ToolRun.caTool("import-conf", conf.toString(), "--profiles", profiles.toString());

        assertEquals(0, r.code(), r.err());
        for (String expected : List.of(
                "  not mapped: " + conf + ":4: input_password: a password: not copied",
                "  not mapped: " + conf + ":5: output_password: a password: not copied",
                "  not mapped: " + conf + ":14: challengePassword: a password: not copied",
                "  not mapped: " + conf + ":15: challengePassword_default: a password: not copied")) {
            assertTrue(r.out().lines().anyMatch(expected::equals), expected + " missing in:\n" + r.out());
        }
        String profile = Files.readString(profiles.resolve("device.yaml"));
        assertTrue(profile.contains("#   line 4: input_password\n"), profile);
        for (String secret : List.of("in-Secret-1", "out-Secret-2", "chal-Secret-3", "chal-Secret-4")) {
            assertFalse(r.out().contains(secret) || r.err().contains(secret), secret + " printed:\n" + r.out());
            assertFalse(profile.contains(secret), secret + " copied into the profile:\n" + profile);
        }
    }
}
