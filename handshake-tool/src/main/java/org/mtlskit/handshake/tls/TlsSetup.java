package org.mtlskit.handshake.tls;

import java.time.Clock;
import javax.net.ssl.SSLContext;
import org.mtlskit.tls.OwnKeyManager;
import org.mtlskit.tls.PeerVerifier;
import org.mtlskit.tls.TlsContexts;

/** An SSLContext on JSSE with our key manager and our verifier; one per side, shared by its connections. */
final class TlsSetup {
    final SSLContext context;
    final PeerVerifier verifier;
    final TlsVersion version;

    TlsSetup(Credentials credentials, TlsVersion version, String expectedHostname, Clock clock) {
        this.version = version;
        this.verifier = new PeerVerifier(credentials.trusted(), credentials.crls(), expectedHostname, clock);
        this.context = TlsContexts.of(new OwnKeyManager(credentials.chain(), credentials.key()), verifier);
    }
}
