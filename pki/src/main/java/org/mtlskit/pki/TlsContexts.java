package org.mtlskit.pki;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.mtlskit.pki.internal.jsse.ClientAuthServerSockets;
import org.mtlskit.pki.internal.jsse.OwnKeyManager;
import org.mtlskit.pki.internal.jsse.PeerVerifier;

/**
 * SSLContexts on JSSE that present a {@link Credential} and judge the peer with our verifier
 * ({@link PeerVerifier}: path validation, revocation, purpose and, for a server, its name), for
 * either side of a mutual-TLS handshake.
 *
 * <pre>{@code
 * SSLServerSocketFactory server = TlsContexts.builder().credential(serverCredential).trust(ca.certificate())
 *         .buildServerSocketFactory();
 * SSLContext client = TlsContexts.builder().credential(clientCredential).trust(ca.certificate())
 *         .serverName("localhost").build();
 * }</pre>
 *
 * A server must ask for the client's certificate: JSSE asks for none unless told. The server socket
 * factory does it for every socket; with an {@code SSLEngine} or a server framework, use
 * {@link #serverParameters}.
 */
public final class TlsContexts {
    private TlsContexts() {}

    public static Builder builder() {
        return new Builder();
    }

    /** An SSLContext with exactly these managers, for callers that keep the verifier to read its refusals. */
    public static SSLContext of(X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS", e);
        }
    }

    /**
     * The parameters a mutual-TLS server needs on {@code context}: its defaults, with the client's
     * certificate required ({@code setNeedClientAuth(true)}), for {@code SSLEngine.setSSLParameters}
     * or a server framework's TLS settings.
     */
    public static SSLParameters serverParameters(SSLContext context) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setNeedClientAuth(true);
        return parameters;
    }

    public static final class Builder {
        private Credential credential;
        private final List<X509Certificate> trusted = new ArrayList<>();
        private final List<X509CRL> crls = new ArrayList<>();
        private String serverName;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** What this side presents: its certificate chain and key. */
        public Builder credential(Credential credential) {
            this.credential = Objects.requireNonNull(credential, "credential");
            return this;
        }

        /** A CA whose certificates this side accepts from the peer (a trust anchor). */
        public Builder trust(X509Certificate ca) {
            trusted.add(Objects.requireNonNull(ca, "ca"));
            return this;
        }

        /** A CRL the peer's chain is checked against. */
        public Builder crl(X509CRL crl) {
            crls.add(Objects.requireNonNull(crl, "crl"));
            return this;
        }

        /** As a client: the name the server's subjectAltName must match (RFC 6125, SAN only). */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** The time certificates and CRLs are judged at; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The server side: a factory whose server sockets require the client's certificate and judge it
         * as {@link #build}'s context does, so a client without a certificate, or with one this side does
         * not trust, is refused in the handshake.
         */
        public SSLServerSocketFactory buildServerSocketFactory() {
            return new ClientAuthServerSockets(build().getServerSocketFactory());
        }

        public SSLContext build() {
            if (credential == null) {
                throw new IllegalStateException("no credential: mutual TLS needs one on both sides");
            }
            if (trusted.isEmpty()) {
                throw new IllegalStateException("no trusted CA: every peer would be refused");
            }
            return of(
                    new OwnKeyManager(credential.chain(), credential.privateKey()),
                    new PeerVerifier(trusted, crls, serverName, clock));
        }
    }
}
