package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.testing.ToolRun;

/** serve's options with limits, its default cipher suites, and its end by Ctrl-C or SIGTERM. */
@Timeout(60)
class ServeLimitsTest {
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

    static List<String> serveArgs(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "serve",
                "--ca-certificate",
                file("ca_cert"),
                "--certificate",
                file("server_cert"),
                "--private-key",
                file("server_key")));
        args.addAll(List.of(more));
        return args;
    }

    @ParameterizedTest(name = "--max-concurrent {0}")
    @ValueSource(strings = {"2147483647", "10000000", "1025", "0"})
    void maxConcurrentOutOfItsRangeIsAUsageErrorInOneLine(String n) {
        ToolRun.Result o = Cli.run(serveArgs("-p", "0", "--max-concurrent", n).toArray(String[]::new))
                .assertExit(ExitCodes.USAGE);

        assertEquals(
                "handshake-tool: error: --max-concurrent: " + n + " is out of range; allowed: 1 to 1024",
                o.errLines().get(0));
        assertEquals(
                List.of("handshake-tool: see 'handshake-tool serve --help'"),
                o.errLines().subList(1, o.errLines().size()));
    }

    @Test
    void unknownCipherSuiteIsAUsageError() {
        ToolRun.Result o = Cli.run(serveArgs("-p", "0", "--cipher-suites", "TLS_NO_SUCH_SUITE")
                        .toArray(String[]::new))
                .assertExit(ExitCodes.USAGE);

        assertTrue(
                o.errLines()
                        .get(0)
                        .startsWith("handshake-tool: error: --cipher-suites: unknown cipher suite TLS_NO_SUCH_SUITE"),
                o.err());
    }

    @Test
    void helpSaysWhatCountZeroDoes() {
        ToolRun.Result o = Cli.run("serve", "--help").assertExit(ExitCodes.OK);

        assertTrue(
                o.out()
                        .replaceAll("\\s+", " ")
                        .contains("0 (the default) serves until stopped: Ctrl-C or SIGTERM prints the summary"),
                o.out());
    }

    @Test
    void tls12DefaultsToEcdheWithAeadAndOtherSuitesAreOfferedOnlyWhenAsked() throws Exception {
        ToolRun.Result server;
        Programs.Result client;
        // The client offers only a CBC suite: the default server refuses it ...
        try (Cli.Running serve =
                Cli.start(serveArgs("-p", "0", "--count", "1", "--tls", "1.2").toArray(String[]::new))) {
            client = opensslClient(serve.port(), "ECDHE-ECDSA-AES128-SHA256");
            server = serve.await();
        }
        server.assertExit(ExitCodes.NETWORK);
        assertTrue(
                server.errLines().get(0).startsWith("SSL handshake failed: no TLS version or cipher suite in common"),
                server.err());
        assertTrue(client.output().contains("handshake failure"), client.output());

        // ... and one that offers it, as a device would, serves it.
        try (Cli.Running serve = Cli.start(serveArgs(
                        "-p",
                        "0",
                        "--count",
                        "1",
                        "--tls",
                        "1.2",
                        "--cipher-suites",
                        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")
                .toArray(String[]::new))) {
            client = opensslClient(serve.port(), "ECDHE-ECDSA-AES128-SHA256");
            server = serve.await();
        }
        server.assertExit(ExitCodes.OK);
        assertTrue(
                server.outLines().contains("Protocol: TLSv1.2, cipher suite: TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
                server.out());
    }

    /** openssl s_client offering one TLS 1.2 cipher suite (OpenSSL's name), with the client certificate. */
    static Programs.Result opensslClient(int port, String cipher) {
        return Programs.openssl(
                null,
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-tls1_2",
                "-cipher",
                cipher,
                "-cert",
                file("client_cert"),
                "-key",
                file("client_key"),
                "-CAfile",
                file("ca_cert"));
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalEndsServeWithItsSummaryAndExitCode(String signal) throws Exception {
        List<String> command = new ArrayList<>(ToolRun.javaCommand(ToolRun.HANDSHAKE_TOOL_MAIN));
        command.addAll(serveArgs("-p", "0"));
        Process p = new ProcessBuilder(command).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("Server is running")) {
                // the steps before it
            }
            assertTrue(line != null, "serve did not start");
            kill(p.pid(), signal);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "serve did not end on SIG" + signal);
            List<String> rest = out.lines().toList();

            assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue());
            assertEquals(List.of("Served 0 connections: 0 succeeded, 0 failed"), rest);
        } finally {
            p.destroyForcibly();
        }
    }

    private static void kill(long pid, String signal) throws IOException, InterruptedException {
        // bash's own kill: no procps package needed
        Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " " + pid)
                .inheritIO()
                .start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }
}
