package org.mtlskit.pki;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

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
    String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<KeyEncryption> named(String name) {
        return Arrays.stream(values()).filter(v -> v.yamlName().equals(name)).findFirst();
    }

    static String allowedNames() {
        return String.join(", ", Arrays.stream(values()).map(KeyEncryption::yamlName).toList());
    }
}
