package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlskit.handshake.Cli;
import org.mtlskit.testing.ToolRun;

/** handshake-tool audit server against our own handshake-tool serve, and the audit's own errors. */
class AuditOfHandshakeToolServeTest extends AuditServerTest {

    /** handshake-tool serve on its own thread (Cli.start), ending by itself after {@code count} connections. */
    static Cli.Running serve(String caFile, int count) {
        return Cli.start(
                "serve",
                "--ca-certificate",
                file(caFile).toString(),
                "--certificate",
                file("server_cert.pem").toString(),
                "--private-key",
                file("server_key.pem").toString(),
                "-p",
                "0",
                "--count",
                String.valueOf(count));
    }

    @Test
    void handshakeToolServePassesEveryCaseOnBothVersions() throws Exception {
        // One baseline with both versions offered, then the 23 cases and no-client-certificate on each version.
        try (Cli.Running serve = serve("ca_cert.pem", 1 + 2 * (CASES.length + 1))) {
            Audit a = audit(serve.port());
            StringBuilder expected = new StringBuilder();
            for (String v : List.of("1.2", "1.3")) {
                for (String[] c : CASES) {
                    // Path rules by Bouncy Castle's PKIX engine, the algorithm floor (MD5, SHA-1, RSA under 2048) by
                    // ours.
                    String line = c[1].equals("accept") ? "accepted - PASS" : "refused certificate_unknown PASS";
                    expected.append(c[0])
                            .append(' ')
                            .append(v)
                            .append(' ')
                            .append(c[1])
                            .append(' ')
                            .append(line)
                            .append('\n');
                }
                // without a certificate: JSSE's alert bad_certificate
                expected.append(noClientCertificate(v, "refused bad_certificate PASS"));
            }
            // on TLS 1.3 serve's alert sometimes comes after its close has reached us: a refusal either way
            assertEquals(
                    expected.toString(),
                    a.verdicts()
                            .replace(
                                    noClientCertificate("1.3", "closed - PASS"),
                                    noClientCertificate("1.3", "refused bad_certificate PASS")),
                    a.out());
            assertEquals(0, a.code(), a.out());
            assertEquals(4, serve.await().code(), "serve refused some clients, so it exits 4");
        }
    }

    @Test
    void aDeviceThatRefusesTheGoodCertificateStopsTheAuditWithOneLine() throws Exception {
        try (Cli.Running serve = serve("bad_ca_cert.pem", 1)) {
            Audit a = audit(serve.port());
            assertEquals(8, a.code(), a.out() + a.err());
            // On TLS 1.3 the alert may come before or after our side finished: both are a refusal.
            List<String> lines = a.err().lines().toList();
            assertEquals(1, lines.size(), a.err());
            assertTrue(
                    lines.get(0)
                            .matches("handshake-tool: audit stopped: the device refused the good certificate "
                                    + "\\(case good, TLS 1\\.2 or 1\\.3: alert certificate_unknown (during the handshake|after our Finished)\\); "
                                    + "nothing else can be judged: check that it trusts the battery's CA"),
                    lines.get(0));
            assertEquals(1, a.json().get("cases").size());
            // the stopped run still has one testcase per case: the baseline's failure, then each case not judged
            assertTrue(
                    a.junit()
                            .contains("<testsuite name=\"audit server localhost:" + serve.port() + "\" tests=\"24\" "
                                    + "failures=\"1\" errors=\"23\">"),
                    a.junit());
            assertTrue(
                    a.junit()
                            .contains("<testcase classname=\"mtlskit.audit.server\" name=\"expired\">\n    <error "
                                    + "message=\"not judged: the device refused the good certificate"),
                    a.junit());
            serve.await().code();
        }
    }

    @Test
    void anUnreachableDeviceExitsSix() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ToolRun.Result r = Cli.run(
                "audit",
                "server",
                "--server",
                "localhost",
                "-p",
                String.valueOf(port),
                "--ca-certificate",
                file("ca_cert.pem").toString(),
                "--profiles",
                batteryProfiles.toString(),
                "--keys",
                battery.toString());
        assertEquals(6, r.code(), r.toString());
        assertEquals(
                List.of("handshake-tool: error: no TLS answer from localhost:" + port + " (the baseline good, also on "
                        + "a retry with twice the bound: cannot connect to localhost port " + port
                        + ": connection refused)"),
                r.errLines());
    }

    @Test
    void aBatteryWithoutItsFilesExitsThreeAndSaysHowToMakeThem() throws Exception {
        Path empty = Files.createTempDirectory(root, "nokeys");
        ToolRun.Result r = Cli.run(
                "audit",
                "server",
                "--server",
                "localhost",
                "-p",
                "1",
                "--ca-certificate",
                file("ca_cert.pem").toString(),
                "--profiles",
                batteryProfiles.toString(),
                "--keys",
                empty.toString());
        assertEquals(3, r.code(), r.toString());
        String line = r.err().strip();
        assertTrue(
                line.startsWith("handshake-tool: error: " + empty.resolve("good_cert.pem") + ": no such file; make the "
                        + "battery first: ca-tool fixtures --profiles " + batteryProfiles + " --out " + empty),
                line);
    }

    @Test
    void anExistingReportIsReplacedOnlyWithForce() throws Exception {
        Path report = Files.writeString(root.resolve("existing.json"), "keep me");
        ToolRun.Result r = Cli.run(
                "audit",
                "server",
                "--server",
                "localhost",
                "-p",
                "1",
                "--ca-certificate",
                file("ca_cert.pem").toString(),
                "--profiles",
                batteryProfiles.toString(),
                "--keys",
                battery.toString(),
                "--json",
                report.toString());
        assertEquals(3, r.code(), r.toString());
        assertEquals(
                "handshake-tool: error: " + report + ": exists already; --force replaces it",
                r.err().strip());
        assertEquals("keep me", Files.readString(report));
    }
}
