package org.mtlskit.pki.internal.lint;

import java.util.Arrays;
import java.util.Optional;

/** A TLS stack whose rules {@code ca-tool lint} knows, by the name given to --target. */
public enum Target {
    MBEDTLS_2_28("mbedtls-2.28", "mbedTLS 2.28"),
    MBEDTLS_3_6("mbedtls-3.6", "mbedTLS 3.6"),
    OPENSSL_3("openssl-3", "OpenSSL 3"),
    JAVA_17("java-17", "Java 17");

    private final String id;
    private final String displayName;

    Target(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public String id() {
        return id;
    }

    String displayName() {
        return displayName;
    }

    public static Optional<Target> named(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static String allowedNames() {
        return String.join(", ", Arrays.stream(values()).map(Target::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
