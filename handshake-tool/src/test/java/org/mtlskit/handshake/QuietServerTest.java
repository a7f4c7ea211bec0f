package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.handshake.tls.HandshakeFiles;
import org.mtlskit.pki.TlsContexts;
import org.mtlskit.pki.internal.jsse.OwnKeyManager;
import org.mtlskit.pki.internal.jsse.PeerVerifier;
import org.mtlskit.testing.ToolRun;

/**
 * A server other than ours sends no verdict line: in TLS 1.2 its handshake's end already means it
 * accepted us, so a server that then closes with close_notify is a plain success, with no note.
 */
@Timeout(30)
class QuietServerTest {
    @TempDir
    static Path root;

    static Path keys;

    @BeforeAll
    static void makeCertificates() {
        keys = TestCertificates.make(root);
    }

    @Test
    void tls12ServerThatClosesWithCloseNotifyAfterAcceptingUsIsASuccessWithoutANote() throws Exception {
        HandshakeFiles server = HandshakeFiles.load(
                keys.resolve("ca_cert.pem"),
                keys.resolve("server_cert.pem"),
                keys.resolve("server_key.pem"),
                "server",
                Instant.now(),
                s -> {});
        SSLContext context = TlsContexts.of(
                new OwnKeyManager(server.chain(), server.key()),
                new PeerVerifier(server.trusted(), List.of(), null, Clock.systemUTC()));
        ToolRun.Result client;
        try (SSLServerSocket listening = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listening.setNeedClientAuth(true);
            listening.setEnabledProtocols(new String[] {"TLSv1.2"});
            CompletableFuture<Void> quiet = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listening.accept()) {
                    s.startHandshake(); // then close: close_notify, and no verdict line
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            client = Cli.run(
                    "connect",
                    "--ca-certificate",
                    keys.resolve("ca_cert.pem").toString(),
                    "--certificate",
                    keys.resolve("client_cert.pem").toString(),
                    "--private-key",
                    keys.resolve("client_key.pem").toString(),
                    "--server",
                    "localhost",
                    "-p",
                    String.valueOf(listening.getLocalPort()),
                    "--tls",
                    "1.2");
            quiet.get(10, TimeUnit.SECONDS);
        }

        client.assertExit(ExitCodes.OK);
        assertTrue(client.outLines().contains("Handshake successful!"), client.out());
        assertEquals(
                List.of(),
                client.outLines().stream().filter(l -> l.startsWith("Note:")).toList(),
                client.out());
        assertEquals("", client.err());
    }
}
