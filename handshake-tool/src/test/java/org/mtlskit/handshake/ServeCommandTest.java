package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.testing.ToolRun;

/** `serve` and `connect` options, and the errors they report before any handshake. */
@Timeout(30)
class ServeCommandTest {
    @TempDir
    static Path root;

    static Path keys;

    @BeforeAll
    static void makeCertificates() {
        keys = TestCertificates.make(root);
    }

    static String file(String stem) {
        return keys.resolve(stem + ".pem").toString();
    }

    static Cli.Running serve(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "serve",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("server_cert"),
                "--private-key",
                file("server_key")));
        args.addAll(List.of(more));
        return Cli.start(args.toArray(String[]::new));
    }

    static ToolRun.Result connect(int port, String stem) {
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
                String.valueOf(port));
    }

    // ---- --count and -p 0

    @Test
    void countExitsZeroAfterThatManySuccessfulConnections() throws Exception {
        ToolRun.Result server;
        try (Cli.Running serve = serve("-p", "0", "--count", "2")) {
            connect(serve.port(), "client").assertExit(ExitCodes.OK);
            connect(serve.port(), "client").assertExit(ExitCodes.OK);
            server = serve.await();
        }

        server.assertExit(ExitCodes.OK);
        assertEquals(
                "Served 2 connections: 2 succeeded, 0 failed",
                server.outLines().get(server.outLines().size() - 1));
    }

    @Test
    void countExitsWithTheFailureAfterServingOnPastARefusedClient() throws Exception {
        ToolRun.Result server;
        try (Cli.Running serve = serve("-p", "0", "--count", "2")) {
            connect(serve.port(), "bad").assertExit(ExitCodes.PEER_REFUSED);
            // the refusal left the server running: the next client is served
            connect(serve.port(), "client").assertExit(ExitCodes.OK);
            server = serve.await();
        }

        server.assertExit(ExitCodes.WE_REFUSED);
        assertEquals(
                List.of(
                        "SSL handshake failed: we refused the client's certificate",
                        "Certificate verification errors: Certificate not trusted"),
                server.errLines());
        assertTrue(server.outLines().contains("SSL handshake successful"), server.out());
        assertEquals(
                "Served 2 connections: 1 succeeded, 1 failed",
                server.outLines().get(server.outLines().size() - 1));
    }

    @Test
    void portZeroPicksAFreePortAndPrintsItBeforeWaiting() throws Exception {
        ToolRun.Result server;
        int port;
        try (Cli.Running serve = serve("-p", "0", "--count", "1")) {
            port = serve.port();
            connect(port, "client").assertExit(ExitCodes.OK);
            server = serve.await();
        }

        assertTrue(port > 0 && port <= 65535, "port " + port);
        List<String> out = server.outLines();
        int listening = out.indexOf("Listening on 127.0.0.1 port " + port);
        assertEquals(out.indexOf("Binding to port...") + 1, listening, server.out());
        assertEquals(out.indexOf("Server is running. Waiting for connections...") - 1, listening, server.out());
    }

    // ---- errors before any connection

    @ParameterizedTest(name = "{0} -p {1}")
    @CsvSource({"serve, 65536, 0", "serve, -1, 0", "connect, 0, 1", "connect, 65536, 1"})
    void portOutOfRangeIsAUsageError(String command, String port, String lowest) {
        List<String> args = new java.util.ArrayList<>(List.of(
                command,
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("server_cert"),
                "--private-key",
                file("server_key"),
                "-p",
                port));
        if (command.equals("connect")) {
            args.addAll(List.of("--server", "localhost"));
        }
        ToolRun.Result o = Cli.run(args.toArray(String[]::new)).assertExit(ExitCodes.USAGE);

        assertEquals(
                "handshake-tool: error: --port: " + port + " is out of range; allowed: " + lowest + " to 65535",
                o.errLines().get(0));
        assertEquals(
                List.of("handshake-tool: see 'handshake-tool " + command + " --help'"),
                o.errLines().subList(1, o.errLines().size()));
        assertEquals("", o.out());
    }

    @Test
    void keyNotMatchingItsCertificateIsRefusedBeforeListening() {
        ToolRun.Result o = Cli.run(
                        "serve",
                        "--ca-certificate",
                        file("ca_cert"),
                        "--certificate",
                        file("server_cert"),
                        "--private-key",
                        file("client_key"),
                        "-p",
                        "0")
                .assertExit(ExitCodes.UNUSABLE_FILE);

        assertEquals(
                List.of("handshake-tool: error: " + file("client_key") + ": does not match the certificate in "
                        + file("server_cert") + " (CN=localhost)"),
                o.errLines());
        assertTrue(o.outLines().stream().noneMatch(l -> l.startsWith("Listening")), o.out());
    }

    @Test
    void leafCertificateAsCaCertificateExits3() {
        ToolRun.Result o = Cli.run(
                        "connect",
                        "--ca-certificate",
                        file("server_cert"),
                        "--certificate",
                        file("client_cert"),
                        "--private-key",
                        file("client_key"),
                        "--server",
                        "localhost")
                .assertExit(ExitCodes.UNUSABLE_FILE);

        assertEquals(
                List.of(
                        "handshake-tool: error: " + file("server_cert") + ": is not a CA certificate (CN=localhost "
                                + "has no basicConstraints CA:TRUE); give the certificate of the CA that signs the peer's certificate"),
                o.errLines());
    }

    @Test
    void missingFileExits3NamingIt() {
        ToolRun.Result o = Cli.run(
                        "serve",
                        "--ca-certificate",
                        file("no_such_ca"),
                        "--certificate",
                        file("server_cert"),
                        "--private-key",
                        file("server_key"),
                        "-p",
                        "0")
                .assertExit(ExitCodes.UNUSABLE_FILE);

        assertEquals(List.of("handshake-tool: error: " + file("no_such_ca") + ": no such file"), o.errLines());
    }

    @Test
    void portInUseExits6() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            ToolRun.Result o = Cli.run(
                            "serve",
                            "--ca-certificate",
                            file("ca_cert"),
                            "--certificate",
                            file("server_cert"),
                            "--private-key",
                            file("server_key"),
                            "-p",
                            String.valueOf(port))
                    .assertExit(ExitCodes.NETWORK);

            assertEquals(
                    List.of("handshake-tool: error: cannot listen on 127.0.0.1 port " + port
                            + ": address already in use"),
                    o.errLines());
        }
    }

    @Test
    void connectingWhereNobodyListensExits6() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        ToolRun.Result o = Cli.run(
                        "connect",
                        "--ca-certificate",
                        file("ca_cert"),
                        "--certificate",
                        file("client_cert"),
                        "--private-key",
                        file("client_key"),
                        "--server",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port))
                .assertExit(ExitCodes.NETWORK);

        assertEquals(
                List.of(
                        "Handshake failed: cannot connect to 127.0.0.1 port " + port + ": connection refused",
                        "No certificate verification errors"),
                o.errLines());
    }

    // ---- help and version

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--help", "serve --help", "connect --help", "scenarios --help", "help serve"})
    void helpExitsZero(String args) {
        ToolRun.Result o = Cli.run(args.split(" ")).assertExit(ExitCodes.OK);

        assertTrue(o.out().startsWith("Usage: handshake-tool"), o.out());
        assertEquals("", o.err());
    }

    @Test
    void helpListsTheExitCodes() {
        ToolRun.Result o = Cli.run("--help").assertExit(ExitCodes.OK);

        for (String code : List.of("0", "1", "2", "3", "4", "5", "6")) {
            assertTrue(
                    o.outLines().stream().anyMatch(l -> l.trim().startsWith(code + " ")),
                    "exit code " + code + ":\n" + o.out());
        }
    }

    @Test
    void versionExitsZero() {
        ToolRun.Result o = Cli.run("--version").assertExit(ExitCodes.OK);

        assertTrue(o.out().startsWith("handshake-tool "), o.out());
        assertEquals("", o.err());
    }
}
