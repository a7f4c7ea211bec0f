package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtlskit.testing.ToolRun;

/**
 * A handshake that fails because the two sides have nothing in common (no TLS version, no cipher
 * suite) is not about certificates: both roles exit 6 and say so, whichever side found it out.
 */
@Timeout(60)
class NegotiationFailureTest {
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
        List<String> args = new ArrayList<>(List.of(
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
                "1"));
        args.addAll(List.of(more));
        return Cli.start(args.toArray(String[]::new));
    }

    static ToolRun.Result connect(int port, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "connect",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("client_cert"),
                "--private-key",
                file("client_key"),
                "--server",
                "localhost",
                "-p",
                String.valueOf(port)));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "serve --tls {0}, connect --tls {1}")
    @CsvSource({"1.3, 1.2", "1.2, 1.3"})
    void versionMismatchIsTheSameExitCodeInBothRoles(String serverTls, String clientTls) throws Exception {
        ToolRun.Result server;
        ToolRun.Result client;
        try (Cli.Running serve = serve("--tls", serverTls)) {
            client = connect(serve.port(), "--tls", clientTls);
            server = serve.await();
        }

        server.assertExit(ExitCodes.NETWORK);
        client.assertExit(ExitCodes.NETWORK);
        assertTrue(
                server.errLines()
                        .get(0)
                        .startsWith("SSL handshake failed: no TLS version or cipher suite in common "
                                + "with the client ("),
                server.err());
        assertEquals(
                List.of(
                        "Handshake failed: no TLS version or cipher suite in common with the server (it sent the "
                                + "alert protocol_version: it does not speak the TLS version we offered)",
                        "No certificate verification errors"),
                client.errLines());
    }

    @Test
    void noSharedCipherSuiteIsTheSameExitCodeInBothRoles() throws Exception {
        ToolRun.Result server;
        ToolRun.Result client;
        // An RSA suite on a server whose key is EC P-256: it can use none of the suites it offers.
        try (Cli.Running serve = serve("--tls", "1.2", "--cipher-suites", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")) {
            client = connect(serve.port());
            server = serve.await();
        }

        server.assertExit(ExitCodes.NETWORK);
        client.assertExit(ExitCodes.NETWORK);
        assertTrue(
                server.errLines()
                        .get(0)
                        .startsWith("SSL handshake failed: no TLS version or cipher suite in common "
                                + "with the client ("),
                server.err());
        assertEquals(
                List.of(
                        "Handshake failed: no TLS version or cipher suite in common with the server (it sent the "
                                + "alert handshake_failure: it could not agree on the handshake's parameters)",
                        "No certificate verification errors"),
                client.errLines());
    }
}
