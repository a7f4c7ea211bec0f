package org.mtlskit.pki.internal.pem;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which PKCS#12 encryption and MAC a keystore gets, chosen by the reader that has to open it. */
public enum Pkcs12Format {
    /** PBES2 with AES-256 and an HMAC-SHA-256 MAC: what JDK 12+ and OpenSSL 3 write. */
    MODERN,
    /**
     * PBE-SHA1-3DES for the key and the certificates, and a SHA-1 MAC: what Java 8 before 8u301,
     * Android 12 and older, the macOS keychain and Windows before Server 2019 read
     * ({@code openssl pkcs12 -export -legacy} writes the same kind of file).
     */
    LEGACY;

    String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Pkcs12Format> named(String name) {
        return Arrays.stream(values()).filter(v -> v.yamlName().equals(name)).findFirst();
    }

    public static String allowedNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(Pkcs12Format::yamlName).toList());
    }
}
