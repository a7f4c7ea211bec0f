package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.testing.ToolRun;

/**
 * handshake-tool against the real OpenSSL (the `openssl` on PATH): `openssl s_client` against
 * `handshake-tool serve`, and `handshake-tool connect` against `openssl s_server -Verify 1
 * -verify_return_error`, with the good and the bad certificates, in TLS 1.2 and TLS 1.3.
 */
@Timeout(60)
class OpensslPeersTest {
    @TempDir
    static Path root;

    static Path keys;

    @BeforeAll
    static void makeCertificates() {
        keys = TestCertificates.make(root);
    }

    // ---- openssl s_client against handshake-tool serve

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void sClientWithGoodCertificateIsAcceptedAndReadsTheVerdictLine(String tls) throws Exception {
        ToolRun.Result server;
        OpensslRun client;
        try (Cli.Running serve = serve(tls)) {
            client = sClient(serve.port(), tls, "-cert", file("client_cert"), "-key", file("client_key"));
            server = serve.await();
        }

        // exit 0: the server ended with close_notify (a bare TCP close makes s_client say "unexpected eof" and exit 1)
        assertEquals(0, client.exitCode, client::describe);
        assertEquals(List.of("OK"), client.out.lines().toList(), client::describe);
        server.assertExit(ExitCodes.OK);
        assertTrue(server.outLines().contains("SSL handshake successful"), server.out());
        assertEquals("", server.err());
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void sClientWithBadCertificateIsRefusedByServe(String tls) throws Exception {
        ToolRun.Result server;
        OpensslRun client;
        try (Cli.Running serve = serve(tls)) {
            client = sClient(serve.port(), tls, "-cert", file("bad_cert"), "-key", file("bad_key"));
            server = serve.await();
        }

        server.assertExit(ExitCodes.WE_REFUSED);
        assertEquals(
                List.of(
                        "SSL handshake failed: we refused the client's certificate",
                        "Certificate verification errors: Certificate not trusted"),
                server.errLines());
        assertEquals(1, client.exitCode, client::describe);
        assertTrue(client.err.contains("alert certificate unknown"), client::describe);
        assertEquals("", client.out, client::describe);
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void sClientWithoutCertificateIsRefusedByServe(String tls) throws Exception {
        ToolRun.Result server;
        OpensslRun client;
        try (Cli.Running serve = serve(tls)) {
            client = sClient(serve.port(), tls);
            server = serve.await();
        }

        server.assertExit(ExitCodes.WE_REFUSED);
        assertEquals(
                List.of(
                        "SSL handshake failed: the client sent no certificate",
                        "Certificate verification errors: Certificate missing"),
                server.errLines());
        assertEquals(1, client.exitCode, client::describe);
        assertTrue(client.err.contains("alert bad certificate"), client::describe);
    }

    // ---- handshake-tool connect against openssl s_server

    /**
     * s_server sends no verdict line. In TLS 1.2 its Finished came after it checked us: success. In
     * TLS 1.3 our handshake completes before it judged us, and its silence until --timeout tells
     * nothing: not known whether it accepted us (exit 10), never success.
     */
    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void connectSucceedsAgainstSServerOnTls12AndDoesNotGuessOnTls13(String tls) throws Exception {
        ToolRun.Result client;
        String serverLog;
        try (SServer server = SServer.start(file("ca_cert"), file("server_cert"), file("server_key"))) {
            client = connect(server.port, tls, "client");
            // our client ends with close_notify, which s_server reports as DONE (a bare TCP close: ERROR, unexpected
            // eof)
            server.output.awaitLine(Pattern.compile("DONE|ERROR"), Cli.PATIENCE);
            serverLog = server.output.text();
        }

        assertTrue(serverLog.lines().anyMatch("DONE"::equals), serverLog);
        assertTrue(!serverLog.contains("unexpected eof"), serverLog);
        if (tls.equals("1.3")) {
            client.assertExit(ExitCodes.NOT_KNOWN);
            assertTrue(
                    client.outLines().stream().anyMatch(l -> l.startsWith("Handshake complete on our side (TLSv1.3, ")),
                    client.out());
            assertFalse(client.outLines().contains("Handshake successful!"), client.out());
            assertEquals(
                    List.of("Verdict unknown: not known whether the server accepted us: no answer (timed out after "
                            + "2 s waiting for its verdict line or alert after a TLS 1.3 handshake)"),
                    client.errLines());
            return;
        }
        client.assertExit(ExitCodes.OK);
        assertTrue(client.outLines().contains("Handshake successful!"), client.out());
        assertTrue(client.outLines().stream().anyMatch(l -> l.startsWith("Protocol: TLSv" + tls + ", ")), client.out());
        assertEquals(
                List.of(),
                client.outLines().stream().filter(l -> l.startsWith("Note:")).toList());
        assertEquals("", client.err());
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void connectRefusesSServerWithCertificateFromUntrustedCa(String tls) throws Exception {
        ToolRun.Result client;
        try (SServer server = SServer.start(file("bad_ca_cert"), file("bad_cert"), file("bad_key"))) {
            client = connect(server.port, tls, "client");
        }

        client.assertExit(ExitCodes.WE_REFUSED);
        assertEquals(
                List.of(
                        "Handshake failed: we refused the server's certificate",
                        "Certificate verification errors: Certificate not trusted"),
                client.errLines());
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void connectWithBadCertificateIsRefusedBySServer(String tls) throws Exception {
        ToolRun.Result client;
        try (SServer server = SServer.start(file("ca_cert"), file("server_cert"), file("server_key"))) {
            client = connect(server.port, tls, "bad");
        }

        client.assertExit(ExitCodes.PEER_REFUSED);
        String when = tls.equals("1.3") ? "after the handshake" : "during the handshake";
        assertEquals(
                List.of(
                        "Handshake failed: the server refused us " + when + " (it sent the alert "
                                + CliHandshake.told("unknown_ca") + ")",
                        "No certificate verification errors"),
                client.errLines());
    }

    // ---- files made by the demo's own openssl commands

    /**
     * The demo's README commands, verbatim but for 2048-bit keys (speed): OpenSSL 3.0 makes the CA a
     * version 1 certificate (its [v3_ca] section is empty), which both sides must take as configured,
     * as mbedTLS and OpenSSL do; the client key is PKCS#1 ("BEGIN RSA PRIVATE KEY"), the others PKCS#8.
     */
    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(strings = {"1.2", "1.3"})
    void filesMadeWithTheDemosOpensslCommandsWork(String tls, @TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("ca.conf"),
                String.join(
                        "\n",
                        "[ ca ]",
                        "default_ca = CA_default",
                        "[ CA_default ]",
                        "dir = .",
                        "certificate = $dir/ca_cert.pem",
                        "private_key = $dir/ca_key.pem",
                        "[ req ]",
                        "default_bits = 4096",
                        "prompt = no",
                        "default_md = sha256",
                        "distinguished_name = dn",
                        "x509_extensions = v3_ca",
                        "[ dn ]",
                        "CN = My Test CA",
                        "[ v3_ca ]",
                        ""));
        Files.writeString(
                dir.resolve("cert.conf"),
                String.join(
                        "\n",
                        "[ req ]",
                        "default_bits = 4096",
                        "prompt = no",
                        "default_md = sha256",
                        "distinguished_name = dn",
                        "req_extensions = req_ext",
                        "[ dn ]",
                        "CN = localhost",
                        "[ req_ext ]",
                        "subjectAltName = @alt_names",
                        "[ alt_names ]",
                        "DNS.1 = localhost",
                        ""));
        openssl(dir, "genrsa", "-out", "ca_key.pem", "2048");
        openssl(
                dir,
                "req",
                "-new",
                "-x509",
                "-days",
                "3650",
                "-config",
                "ca.conf",
                "-key",
                "ca_key.pem",
                "-out",
                "ca_cert.pem");
        for (String side : List.of("server", "client")) {
            if (side.equals("client")) {
                openssl(dir, "genrsa", "-traditional", "-out", side + "_key.pem", "2048");
            } else {
                openssl(dir, "genrsa", "-out", side + "_key.pem", "2048");
            }
            openssl(dir, "req", "-new", "-key", side + "_key.pem", "-out", side + "_csr.pem", "-config", "cert.conf");
            openssl(
                    dir,
                    "x509",
                    "-req",
                    "-days",
                    "365",
                    "-in",
                    side + "_csr.pem",
                    "-CA",
                    "ca_cert.pem",
                    "-CAkey",
                    "ca_key.pem",
                    "-CAcreateserial",
                    "-out",
                    side + "_cert.pem",
                    "-extfile",
                    "cert.conf",
                    "-extensions",
                    "req_ext");
        }
        try (InputStream in = Files.newInputStream(dir.resolve("ca_cert.pem"))) {
            assertEquals(
                    1,
                    ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getVersion(),
                    "this openssl no longer makes the demo's CA a v1 certificate: the test proves less");
        }

        CliHandshake.Result h = CliHandshake.run(
                tls, CliHandshake.Side.of(dir, "ca", "server"), CliHandshake.Side.of(dir, "ca", "client"));

        CliHandshake.serverAccepted(h.server(), tls);
        CliHandshake.clientAccepted(h.client(), tls);
    }

    private static void openssl(Path dir, String... args) {
        Programs.opensslOk(dir, args);
    }

    // ---- the harness

    static String file(String stem) {
        return keys.resolve(stem + ".pem").toString();
    }

    static Cli.Running serve(String tls) {
        return Cli.start(
                "serve",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("server_cert"),
                "--private-key",
                file("server_key"),
                "-p",
                "0",
                "--count",
                "1",
                "--tls",
                tls);
    }

    static ToolRun.Result connect(int port, String tls, String stem) {
        return Cli.run(
                "connect",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file(stem + "_cert"),
                "--private-key",
                file(stem + "_key"),
                "--server",
                "localhost",
                "-p",
                String.valueOf(port),
                "--tls",
                tls,
                "--timeout",
                "2");
    }

    /** What an openssl command printed, and how it ended. */
    record OpensslRun(int exitCode, String out, String err) {
        String describe() {
            return "openssl exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /**
     * Runs `openssl s_client -connect 127.0.0.1:PORT -CAfile ca_cert.pem -verify_return_error
     * -verify_hostname localhost` with the given credentials, and its stdin left open until it ends by
     * itself (at end of input it would close before the server's verdict line arrives). With -quiet,
     * stdout holds only what the server sent: without it, s_client writes the server's data unbuffered
     * but its own session printout buffered, and in TLS 1.3 "OK" lands inside the ticket's hex dump.
     */
    static OpensslRun sClient(int port, String tls, String... credentials) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-CAfile",
                file("ca_cert"),
                "-verify_return_error",
                "-verify_hostname",
                "localhost",
                tls.equals("1.3") ? "-tls1_3" : "-tls1_2",
                "-quiet"));
        command.addAll(List.of(credentials));
        Process p = new ProcessBuilder(command).start();
        CapturedText out = CapturedText.of(p.getInputStream(), "s_client stdout");
        CapturedText err = CapturedText.of(p.getErrorStream(), "s_client stderr");
        try (OutputStream stdin = p.getOutputStream()) {
            if (!p.waitFor(Cli.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("openssl s_client still running after " + Cli.PATIENCE + "; stdout:\n"
                        + out.text() + "\nstderr:\n" + err.text());
            }
        } finally {
            stop(p);
        }
        awaitEnd(out);
        awaitEnd(err);
        return new OpensslRun(p.exitValue(), out.text(), err.text());
    }

    /** The whole output of a process that has ended: its pump reaches end of stream. */
    private static void awaitEnd(CapturedText text) throws InterruptedException {
        try {
            text.awaitLine(Pattern.compile("(?!)"), Duration.ofSeconds(5));
        } catch (AssertionError expectedAtEnd) {
            // "no line ... before the output ended": all of it is there
        }
    }

    private static void stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * `openssl s_server -accept 127.0.0.1:0 -Verify 1 -verify_return_error`, on the port it picks
     * (from its "ACCEPT 127.0.0.1:PORT" line). Its stdin stays open while it runs: at end of input
     * s_server closes at once.
     */
    static final class SServer implements AutoCloseable {
        final Process process;
        final OutputStream stdin;
        final CapturedText output;
        final int port;

        private SServer(Process process) throws InterruptedException {
            this.process = process;
            this.stdin = process.getOutputStream();
            this.output = CapturedText.of(process.getInputStream(), "s_server");
            this.port =
                    Integer.parseInt(output.awaitLine(Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)"), Cli.PATIENCE)
                            .group(1));
        }

        static SServer start(String ca, String cert, String key) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(
                            "openssl",
                            "s_server",
                            "-accept",
                            "127.0.0.1:0",
                            "-Verify",
                            "1",
                            "-verify_return_error",
                            "-CAfile",
                            ca,
                            "-cert",
                            cert,
                            "-key",
                            key)
                    .redirectErrorStream(true)
                    .start();
            try {
                return new SServer(p);
            } catch (RuntimeException | Error | InterruptedException e) {
                stop(p);
                throw e;
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            try {
                stop(process);
            } finally {
                stdin.close();
            }
        }
    }
}
