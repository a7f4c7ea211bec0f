package org.mtlskit.junit5;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import org.mtlskit.pki.Credential;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.TlsContexts;

/**
 * A fresh CA, a server and a client it signed, and a client of another CA, made in memory for one
 * test. The keys are EC P-256: a handful take milliseconds, where RSA-4096 would take seconds.
 * The server's names are localhost and 127.0.0.1.
 */
public final class TestPki {
    private final Credential ca;
    private final Credential server;
    private final Credential client;
    private final Credential untrustedClient;

    private TestPki(Credential ca, Credential server, Credential client, Credential untrustedClient) {
        this.ca = ca;
        this.server = server;
        this.client = client;
        this.untrustedClient = untrustedClient;
    }

    /** A new set: every call makes new keys and certificates. */
    public static TestPki create() {
        Credential ca = Credential.builder()
                .commonName("mtlskit test CA")
                .key(KeySpec.EC_P256)
                .certificateAuthority(0)
                .build();
        Credential server = Credential.builder()
                .commonName("localhost")
                .key(KeySpec.EC_P256)
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1")
                .serverAuth()
                .signedBy(ca)
                .build();
        Credential client = Credential.builder()
                .commonName("mtlskit test client")
                .key(KeySpec.EC_P256)
                .clientAuth()
                .signedBy(ca)
                .build();
        Credential otherCa = Credential.builder()
                .commonName("mtlskit untrusted CA")
                .key(KeySpec.EC_P256)
                .certificateAuthority(0)
                .build();
        Credential untrusted = Credential.builder()
                .commonName("mtlskit untrusted client")
                .key(KeySpec.EC_P256)
                .clientAuth()
                .signedBy(otherCa)
                .build();
        return new TestPki(ca, server, client, untrusted);
    }

    /** The CA the server trusts for clients and the client trusts for the server. */
    public Credential ca() {
        return ca;
    }

    public Credential server() {
        return server;
    }

    public Credential client() {
        return client;
    }

    /** A client certificate from a CA no one here trusts: the server refuses it. */
    public Credential untrustedClient() {
        return untrustedClient;
    }

    /** A client's SSLContext presenting {@link #client()}, trusting {@link #ca()}, checking the name localhost. */
    public SSLContext clientContext() {
        return clientContext(client);
    }

    /** A client's SSLContext presenting {@code credential}, trusting {@link #ca()}, checking the name localhost. */
    public SSLContext clientContext(Credential credential) {
        return TlsContexts.builder()
                .credential(credential)
                .trust(ca.certificate())
                .serverName("localhost")
                .build();
    }

    /** {@code credential} as a PKCS#12 KeyStore under alias "key", for code that loads its key from a keystore. */
    public static KeyStore keyStore(Credential credential, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    "key", credential.privateKey(), password, credential.chain().toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("this JDK cannot hold a PKCS#12 keystore", e);
        }
    }

    /** A PKCS#12 KeyStore trusting {@link #ca()} (alias "ca"), for code that loads its trust from a truststore. */
    public KeyStore trustStore() {
        return trustStore(ca.certificate());
    }

    static KeyStore trustStore(java.security.cert.X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("this JDK cannot hold a PKCS#12 truststore", e);
        }
    }
}
