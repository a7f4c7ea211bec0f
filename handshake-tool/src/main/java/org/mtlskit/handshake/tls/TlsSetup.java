package org.mtlskit.handshake.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** An SSLContext on JSSE with our key manager and our verifier; one per side, shared by its connections. */
final class TlsSetup {
    final SSLContext context;
    final PeerVerifier verifier;
    final TlsVersion version;

    TlsSetup(Credentials credentials, TlsVersion version, String expectedHostname, Clock clock) {
        this.version = version;
        this.verifier = new PeerVerifier(credentials.trusted(), credentials.crls(), expectedHostname, clock,
                credentials.rules());
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new OwnKeyManager(credentials)}, new TrustManager[] {verifier},
                    new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS", e);
        }
    }
}
