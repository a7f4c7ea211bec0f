package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mtlskit.handshake.HandshakeTool;

/** handshake-tool audit server against our own handshake-tool serve, and the audit's own errors. */
class AuditOfHandshakeToolServeTest extends AuditServerTest {

    /** handshake-tool serve on a thread of this JVM, ending by itself after {@code count} connections. */
    static final class Serve implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Serve(String caFile, int count) {
            Thread t = new Thread(() -> exit.complete(HandshakeTool.commandLine(Clock.systemUTC(),
                    new PrintWriter(out, true), new PrintWriter(out, true)).execute("serve", "--ca-certificate",
                    file(caFile).toString(), "--certificate", file("server_cert.pem").toString(), "--private-key",
                    file("server_key.pem").toString(), "-p", "0", "--count", String.valueOf(count))), "serve");
            t.setDaemon(true);
            t.start();
        }

        int port() throws InterruptedException {
            Pattern listening = Pattern.compile("Listening on 127\\.0\\.0\\.1 port (\\d+)");
            for (int i = 0; i < 300; i++) {
                Matcher m = listening.matcher(out.toString());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                Thread.sleep(50);
            }
            throw new AssertionError("serve did not say its port:\n" + out);
        }

        int awaitExit() throws Exception {
            return exit.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            // A serve that still waits (a failed test) ends with the JVM: its thread is a daemon.
        }
    }


    @Test
    void handshakeToolServePassesEveryCaseOnBothVersions() throws Exception {
        // One baseline with both versions offered, then the 23 cases on each version.
        try (Serve serve = new Serve("ca_cert.pem", 1 + 2 * CASES.length)) {
            Audit a = audit(serve.port());
            StringBuilder expected = new StringBuilder();
            for (String v : List.of("1.2", "1.3")) {
                for (String[] c : CASES) {
                    // Path rules by Bouncy Castle's PKIX engine, the algorithm floor (MD5, SHA-1, RSA under 2048) by ours.
                    String line = c[1].equals("accept") ? "accepted - PASS" : "refused certificate_unknown PASS";
                    expected.append(c[0]).append(' ').append(v).append(' ').append(c[1]).append(' ').append(line).append('\n');
                }
            }
            assertEquals(expected.toString(), a.verdicts(), a.out());
            assertEquals(0, a.code(), a.out());
            assertEquals(4, serve.awaitExit(), "serve refused some clients, so it exits 4");
        }
    }

    @Test
    void aDeviceThatRefusesTheGoodCertificateStopsTheAuditWithOneLine() throws Exception {
        try (Serve serve = new Serve("bad_ca_cert.pem", 1)) {
            Audit a = audit(serve.port());
            assertEquals(8, a.code(), a.out() + a.err());
            // On TLS 1.3 the alert may come before or after our side finished: both are a refusal.
            List<String> lines = a.err().lines().toList();
            assertEquals(1, lines.size(), a.err());
            assertTrue(lines.get(0).matches("handshake-tool: audit stopped: the device refused the good certificate "
                    + "\\(case good, TLS 1\\.2 or 1\\.3: alert certificate_unknown (during the handshake|after our Finished)\\); "
                    + "nothing else can be judged: check that it trusts the battery's CA"), lines.get(0));
            assertEquals(1, a.json().get("cases").size());
            assertTrue(a.junit().contains("<testcase classname=\"mtlskit.audit.server\" name=\"baseline\">"), a.junit());
            serve.awaitExit();
        }
    }

    @Test
    void anUnreachableDeviceExitsSix() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HandshakeTool.commandLine(Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("audit", "server", "--server", "localhost", "-p", String.valueOf(port), "--ca-certificate",
                        file("ca_cert.pem").toString(), "--profiles", batteryProfiles.toString(), "--keys", battery.toString());
        assertEquals(6, code, out + "\n" + err);
        assertEquals(List.of("handshake-tool: error: the baseline: cannot connect to localhost port " + port
                + ": connection refused"), err.toString().lines().toList());
    }

    @Test
    void aBatteryWithoutItsFilesExitsThreeAndSaysHowToMakeThem() throws Exception {
        Path empty = Files.createTempDirectory(root, "nokeys");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HandshakeTool.commandLine(Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("audit", "server", "--server", "localhost", "-p", "1", "--ca-certificate",
                        file("ca_cert.pem").toString(), "--profiles", batteryProfiles.toString(), "--keys", empty.toString());
        assertEquals(3, code, out + "\n" + err);
        String line = err.toString().strip();
        assertTrue(line.startsWith("handshake-tool: error: " + empty.resolve("good_cert.pem") + ": no such file; make the "
                + "battery first: ca-tool fixtures --profiles " + batteryProfiles + " --out " + empty), line);
    }

    @Test
    void anExistingReportIsReplacedOnlyWithForce() throws Exception {
        Path report = Files.writeString(root.resolve("existing.json"), "keep me");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HandshakeTool.commandLine(Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("audit", "server", "--server", "localhost", "-p", "1", "--ca-certificate",
                        file("ca_cert.pem").toString(), "--profiles", batteryProfiles.toString(), "--keys",
                        battery.toString(), "--json", report.toString());
        assertEquals(3, code, out + "\n" + err);
        assertEquals("handshake-tool: error: " + report + ": exists already; --force replaces it", err.toString().strip());
        assertEquals("keep me", Files.readString(report));
    }
}
