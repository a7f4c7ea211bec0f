package org.mtlskit.handshake.tls;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.mtlskit.pki.TlsContexts;
import org.mtlskit.pki.internal.jsse.OwnKeyManager;
import org.mtlskit.pki.internal.jsse.PeerVerifier;

/** An SSLContext on JSSE with our key manager and our verifier; one per side, shared by its connections. */
final class TlsSetup {
    final SSLContext context;
    final PeerVerifier verifier;
    final TlsVersion version;
    /** The cipher suites offered, or null for the JDK's defaults. */
    private final String[] suites;

    /**
     * @param cipherSuites the suites to offer, by their JSSE names; null for the JDK's defaults
     * @throws IllegalArgumentException a suite this JDK does not know
     */
    TlsSetup(
            HandshakeFiles credentials,
            TlsVersion version,
            String expectedHostname,
            Clock clock,
            List<String> cipherSuites) {
        this.version = version;
        this.verifier = new PeerVerifier(
                credentials.trusted(), credentials.crls(), expectedHostname, clock, credentials.rules());
        this.context = TlsContexts.of(new OwnKeyManager(credentials.chain(), credentials.key()), verifier);
        if (cipherSuites != null) {
            Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
            for (String s : cipherSuites) {
                if (!supported.contains(s)) {
                    throw new IllegalArgumentException("unknown cipher suite " + s + " (give JSSE names, such as "
                            + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
                }
            }
            this.suites = cipherSuites.toArray(String[]::new);
        } else {
            this.suites = null;
        }
    }

    /**
     * A server's default suites: every TLS 1.3 suite, and for TLS 1.2 only ECDHE with an AEAD
     * cipher (forward secrecy, no CBC, no SHA-1 MAC), in the JDK's order of preference. The JDK's
     * own defaults add static-RSA key exchange and CBC suites.
     */
    static List<String> modernSuites() {
        try {
            return Arrays.stream(
                            SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites())
                    .filter(s -> s.startsWith("TLS_AES_")
                            || s.startsWith("TLS_CHACHA20_")
                            || s.startsWith("TLS_ECDHE_") && (s.contains("_GCM_") || s.contains("_CHACHA20_POLY1305_")))
                    .toList();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS", e);
        }
    }

    /** A new engine with our versions and suites. */
    SSLEngine engine(boolean client, String peerHost, int peerPort) {
        SSLEngine engine = peerHost == null ? context.createSSLEngine() : context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(client);
        engine.setEnabledProtocols(version.protocols());
        if (suites != null) {
            engine.setEnabledCipherSuites(suites);
        }
        if (!client) {
            engine.setNeedClientAuth(true);
        }
        return engine;
    }
}
