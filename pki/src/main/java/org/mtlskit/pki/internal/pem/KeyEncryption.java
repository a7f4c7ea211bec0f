package org.mtlskit.pki.internal.pem;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;

/**
 * How an encrypted private key file (PKCS#8, PBES2 with PBKDF2-HMAC-SHA256) is enciphered, chosen by
 * the reader that has to open it.
 */
public enum KeyEncryption {
    /** AES-256-CBC: what OpenSSL 3 writes by default; read by OpenSSL, Java, GnuTLS and mbedTLS 3. */
    AES,
    /**
     * DES-EDE3-CBC: mbedTLS 2.x has no AES in PBES2 (its pk_parse_keyfile answers -11904, "requested
     * encryption or digest alg not available") but reads this one.
     */
    DES3;

    /** The name a profile and the command line use: {@code aes}, {@code des3}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyEncryption> named(String name) {
        return Arrays.stream(values()).filter(v -> v.yamlName().equals(name)).findFirst();
    }

    public static String allowedNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(KeyEncryption::yamlName).toList());
    }

    /**
     * Refuses a password longer than openssl reads for a key ({@link Defaults#MAX_KEY_PASSWORD_BYTES}):
     * a key encrypted with it would open in Java and mbedTLS but never in openssl. Called before any
     * key is made.
     */
    public static void requirePassword(char[] password, String where) {
        if (password == null) {
            return;
        }
        int bytes = java.nio.charset.StandardCharsets.UTF_8
                .encode(java.nio.CharBuffer.wrap(password))
                .remaining();
        if (bytes > Defaults.MAX_KEY_PASSWORD_BYTES) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    where + ": the password has " + bytes
                            + " bytes, and openssl reads at most " + Defaults.MAX_KEY_PASSWORD_BYTES
                            + " of an encrypted key's "
                            + "password, so it could never open the key; give a shorter one");
        }
    }
}
