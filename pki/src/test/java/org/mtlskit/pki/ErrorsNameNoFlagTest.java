package org.mtlskit.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;

/**
 * A Java user of the library gets messages in the library's words: no flag of a tool they do not
 * run; what they can do comes as a {@link PkiException.Remedy}.
 */
class ErrorsNameNoFlagTest {
    @TempDir
    Path dir;

    @Test
    void anEncryptedKeyReadWithoutPasswordIsRefusedWithPasswordNeededAndNoFlag() throws Exception {
        Credential credential = Credential.builder()
                .commonName("My Test CA")
                .certificateAuthority(0)
                .key(KeySpec.EC_P256)
                .build();
        Path cert = Files.writeString(dir.resolve("ca_cert.pem"), credential.certificatePem());
        Path key = Files.writeString(
                dir.resolve("ca_key.pem"),
                Pem.encryptedPrivateKey(credential.privateKey(), "secret".toCharArray(), new SecureRandom()));

        PkiException e = assertThrows(PkiException.class, () -> Credential.fromPemFiles(cert, key, null));

        assertEquals(PkiException.Kind.UNUSABLE_INPUT, e.kind());
        assertEquals(key + ": the private key is encrypted", e.getMessage());
        assertFalse(e.getMessage().contains("--"), e.getMessage());
        assertEquals(Optional.of(PkiException.Remedy.PASSWORD_NEEDED), e.remedy());
        // With the password the same files make the credential: the remedy is the right one.
        Credential read = Credential.fromPemFiles(cert, key, "secret".toCharArray());
        assertEquals(credential.certificate(), read.certificate());
    }

    @Test
    void anErrorWithNothingToDoHasNoRemedy() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key\n");

        PkiException e = assertThrows(PkiException.class, () -> Pem.readPrivateKey(key));

        assertTrue(e.remedy().isEmpty(), e.getMessage());
    }
}
