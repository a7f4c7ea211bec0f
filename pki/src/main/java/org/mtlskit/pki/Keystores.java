package org.mtlskit.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * PKCS#12 (and, on request, JKS) files for Java and Android clients under test: a keystore with a
 * key and its chain under one alias, and a truststore with CA certificates. Written with the JDK's
 * own KeyStore, whose PKCS#12 defaults (AES-256 and HMAC-SHA-256 with PBKDF2, since JDK 12) both
 * keytool and OpenSSL 3 read.
 */
public final class Keystores {
    private Keystores() {
    }

    /** The password a truststore gets when none is given: Java's own default for cacerts. */
    public static final char[] DEFAULT_TRUSTSTORE_PASSWORD = "changeit".toCharArray();

    /** A keystore holding {@code key} and {@code chain} (leaf first, up to and including the root). */
    public static byte[] keystore(String alias, PrivateKey key, List<X509Certificate> chain, char[] password,
                                  boolean jks) {
        try {
            KeyStore store = empty(jks);
            store.setKeyEntry(alias, key, password, chain.toArray(X509Certificate[]::new));
            return bytes(store, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a keystore", e);
        }
    }

    /** A truststore holding each CA certificate as a trusted entry, aliased by {@code aliasPrefix}, -2, -3... */
    public static byte[] truststore(String aliasPrefix, List<X509Certificate> cas, char[] password, boolean jks) {
        try {
            KeyStore store = empty(jks);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry(i == 0 ? aliasPrefix : aliasPrefix + "-" + (i + 1), cas.get(i));
            }
            return bytes(store, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a truststore", e);
        }
    }

    private static KeyStore empty(boolean jks) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(jks ? "JKS" : "PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    private static byte[] bytes(KeyStore store, char[] password) throws GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            store.store(out, password);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a keystore", e);
        }
        return out.toByteArray();
    }
}
