package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.testing.ToolRun;

/**
 * A server that answers the ClientHello with a fatal alert and resets the connection at once (as a
 * stack does that closes with our bytes unread): connect names the alert, exit 5. A reset with no
 * alert before it is a network error, exit 6, said as such. On the server, a client's alert always
 * comes after it saw our certificate: even handshake_failure is the client refusing us, exit 5.
 */
@Timeout(30)
class AlertBeforeResetTest {
    @TempDir
    static Path root;

    static Path keys;

    @BeforeAll
    static void makeCertificates() {
        keys = TestCertificates.make(root);
    }

    /** Takes one connection, reads the client's first record, sends {@code answer} and resets the connection. */
    static CompletableFuture<Void> oneShotServer(ServerSocket listening, byte[] answer) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = listening.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                byte[] header = in.readNBytes(5);
                in.readNBytes(((header[3] & 0xff) << 8) | (header[4] & 0xff));
                s.getOutputStream().write(answer);
                s.getOutputStream().flush();
                s.setSoLinger(true, 0); // close with a reset
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static ToolRun.Result connect(int port) {
        return Cli.run(
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
                String.valueOf(port),
                "--tls",
                "1.2");
    }

    @Test
    void alertFollowedByAResetIsThePeersRefusal() throws Exception {
        ToolRun.Result client;
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server =
                    oneShotServer(listening, new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 48});
            client = connect(listening.getLocalPort());
            server.get(10, TimeUnit.SECONDS);
        }

        client.assertExit(ExitCodes.PEER_REFUSED);
        assertEquals(
                List.of(
                        "Handshake failed: the server refused us during the handshake (it sent the alert "
                                + CliHandshake.told("unknown_ca") + ")",
                        "No certificate verification errors"),
                client.errLines());
    }

    @Test
    void resetWithoutAnAlertIsANetworkErrorSaidAsSuch() throws Exception {
        ToolRun.Result client;
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = oneShotServer(listening, new byte[0]);
            client = connect(listening.getLocalPort());
            server.get(10, TimeUnit.SECONDS);
        }

        client.assertExit(ExitCodes.NETWORK);
        assertEquals(
                List.of(
                        "Handshake failed: the server reset the connection during the handshake, without an alert",
                        "No certificate verification errors"),
                client.errLines());
    }

    @Test
    void aClientsHandshakeFailureAlertIsItsRefusalOnTheServer() throws Exception {
        ToolRun.Result server;
        try (Cli.Running serve = Cli.start(
                "serve",
                "--ca-certificate",
                keys.resolve("ca_cert.pem").toString(),
                "--certificate",
                keys.resolve("server_cert.pem").toString(),
                "--private-key",
                keys.resolve("server_key.pem").toString(),
                "-p",
                "0",
                "--count",
                "1",
                "--tls",
                "1.2")) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), serve.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(clientHello());
                assertEquals(0x16, s.getInputStream().read(), "the server's ServerHello record");
                s.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 40});
                s.setSoLinger(true, 0);
            }
            server = serve.await();
        }

        server.assertExit(ExitCodes.PEER_REFUSED);
        assertEquals(
                List.of(
                        "SSL handshake failed: the client refused us during the handshake (it sent the alert "
                                + CliHandshake.told("handshake_failure") + ")",
                        "No certificate verification errors"),
                server.errLines());
    }

    /** A ClientHello record from JSSE's client engine, offering TLS 1.2. */
    static byte[] clientHello() throws Exception {
        javax.net.ssl.SSLEngine engine = javax.net.ssl.SSLContext.getDefault().createSSLEngine("localhost", 0);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.2"});
        java.nio.ByteBuffer out =
                java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(java.nio.ByteBuffer.allocate(0), out);
        out.flip();
        byte[] record = new byte[out.remaining()];
        out.get(record);
        return record;
    }
}
