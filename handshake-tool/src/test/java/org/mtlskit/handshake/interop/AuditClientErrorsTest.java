package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mtlskit.handshake.Cli;
import org.mtlskit.testing.ToolRun;

/** audit client's own ends: a client that never connects, a refused baseline, and --listen. */
class AuditClientErrorsTest extends AuditClientTest {

    static ToolRun.Result run(String... args) {
        return Cli.run(args);
    }

    @Test
    void clientThatNeverConnectsToTheBaselineStopsTheAuditWithItsReportsAndNothingItStartedKeepsRunning()
            throws Exception {
        Path pids = root.resolve("pids");
        Path json = root.resolve("never-connects.json");
        Path junit = root.resolve("never-connects.xml");
        ToolRun.Result r = run(
                "audit",
                "client",
                "--profiles",
                batteryProfiles.toString(),
                "--keys",
                battery.toString(),
                "--timeout",
                "2",
                "--json",
                json.toString(),
                "--junit",
                junit.toString(),
                "--run",
                "echo $$ > " + pids + "; sleep 60 & echo $! >> " + pids + "; wait");
        assertEquals(6, r.code(), r.out() + r.err());
        assertEquals(
                "handshake-tool: audit stopped: no TLS answer from the client (case server-good, TLS 1.2: no answer "
                        + "(the client did not connect within 2 s); again on a retry with twice the bound: no answer (the client "
                        + "did not connect within 4 s); the client exited killed); nothing else can be judged: check that the "
                        + "command connects to {host}:{port} (or {ip}:{port})\n",
                r.err());
        assertTrue(Files.readString(json).contains("\"result\" : \"INCONCLUSIVE\""), Files.readString(json));
        // one testcase per case, also for the cases never served
        assertEquals(23, Files.readString(junit).split("<testcase ").length - 1, Files.readString(junit));
        List<Long> started =
                Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertEquals(2, started.size(), started.toString());
        for (long pid : started) {
            // a process killed a moment ago may still be reaped: give it a bounded moment
            for (int i = 0; i < 40 && Files.exists(Path.of("/proc/" + pid)) && !zombie(pid); i++) {
                Thread.sleep(50);
            }
            assertFalse(Files.exists(Path.of("/proc/" + pid)) && !zombie(pid), "process " + pid + " still runs");
        }
    }

    @Test
    void badArgumentsAndAMissingBatteryAreOneLineEach() throws Exception {
        ToolRun.Result bind = run("audit", "client", "--run", "true", "--bind", "0.0.0.0");
        assertEquals(2, bind.code(), bind.err());
        assertTrue(
                bind.err()
                        .startsWith(
                                "handshake-tool: error: --bind is for --listen; a --run command is served on loopback\n"),
                bind.err());
        ToolRun.Result both = run("audit", "client", "--run", "true", "--listen", "9");
        assertEquals(2, both.code(), both.err());
        Path empty = Files.createDirectories(root.resolve("no-keys"));
        ToolRun.Result missing = run(
                "audit",
                "client",
                "--profiles",
                batteryProfiles.toString(),
                "--keys",
                empty.toString(),
                "--run",
                "true");
        assertEquals(3, missing.code(), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(
                missing.err().contains(": no such file; make the battery first: ca-tool fixtures --profiles "),
                missing.err());
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void clientThatRefusesTheGoodCertificateStopsTheAuditWithOneLine() throws Exception {
        requirePeer(Peer.onPath("openssl").isPresent() ? Optional.empty() : Optional.of("openssl not found on PATH"));
        Audit a = auditClient(
                REQUEST + "openssl s_client -connect 127.0.0.1:{port} -CAfile " + file("bad_ca_cert.pem")
                        + " -verify_return_error -quiet",
                "--tls",
                "1.2");
        assertEquals(8, a.code(), a.out() + a.err());
        assertEquals("server-good 1.2 accept refused unknown_ca FAIL\n", a.verdicts(), a.out());
        assertTrue(
                a.err()
                        .startsWith("handshake-tool: audit stopped: the client refused the good certificate (case "
                                + "server-good, TLS 1.2: alert unknown_ca before its Finished; the client exited 1"),
                a.err());
    }

    /** --listen: the cases served in turn to whatever connects, here s_client started again and again. */
    @Test
    void listenServesTheCasesInTurnToADeviceThatConnectsOnItsOwn() throws Exception {
        requirePeer(Peer.onPath("openssl").isPresent() ? Optional.empty() : Optional.of("openssl not found on PATH"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path json = Files.createTempDirectory(root, "listen").resolve("audit.json");
        CompletableFuture<ToolRun.Result> audit = CompletableFuture.supplyAsync(() -> run(
                "audit",
                "client",
                "--profiles",
                batteryProfiles.toString(),
                "--keys",
                battery.toString(),
                "--wait",
                WAIT_MS,
                "--tls",
                "1.2",
                "--listen",
                String.valueOf(port),
                "--json",
                json.toString()));
        String ca =
                battery.resolve("../ca_cert.pem").toAbsolutePath().normalize().toString();
        for (int i = 0; i < 60 && !audit.isDone(); i++) {
            // The device always asks for localhost: the cases that name another host are refused for that.
            Process p = new ProcessBuilder(
                            "sh",
                            "-c",
                            REQUEST + "openssl s_client -connect 127.0.0.1:" + port
                                    + " -servername localhost -verify_hostname localhost -CAfile " + ca
                                    + " -verify_return_error")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        ToolRun.Result r = audit.get(60, TimeUnit.SECONDS);
        assertTrue(r.out().contains("Listening on 127.0.0.1 port " + port), r.out());
        String table = r.out();
        assertTrue(table.lines().anyMatch(l -> l.matches("server-good +1\\.2 .* accepted +- +PASS")), table);
        assertTrue(
                table.lines().anyMatch(l -> l.matches("server-expired +1\\.2 .* refused +certificate_expired +PASS")),
                table);
        // This device is given no CRL: the diagnosis says so, and only that.
        assertTrue(
                table.lines()
                        .anyMatch(l -> l.equals("Audit failed: 1 of 23 cases wrong on TLS 1.2: server-revoked (1.2)")),
                table);
        assertTrue(table.contains("Diagnosis: no CRL is loaded (server-revoked)"), table);
        assertEquals(8, r.code(), r.out() + r.err());
    }

    /**
     * One case whose client never connects (it prints a line with ESC and BEL, as a failing tool
     * may, and exits 6, here on its case and on the retry) does not sink the audit: that case is
     * inconclusive with the client's last line, shown escaped, and every other case is judged.
     */
    @Test
    void aCaseWhoseClientNeverConnectsIsInconclusiveAndTheAuditGoesOn() throws Exception {
        Path count = root.resolve("runs");
        String client = "n=$(cat " + count + " 2>/dev/null || echo 0); echo $((n+1)) > " + count + "; "
                + "if [ $n = 1 ] || [ $n = 2 ]; then printf 'cannot resolve \\033[31mred\\a\\n'; exit 6; fi; "
                + REQUEST + AuditOfOpensslAndGnutlsClientsTest.sClient(AuditOfOpensslAndGnutlsClientsTest.STRICT);
        Audit a = auditClient(client, "--tls", "1.2");
        assertEquals(23, a.json().get("cases").size(), a.out());
        com.fasterxml.jackson.databind.JsonNode first = a.json().get("cases").get(1);
        assertEquals("server-bad-signature", first.get("case").asText());
        assertEquals("INCONCLUSIVE", first.get("result").asText(), first.toString());
        assertTrue(
                first.get("detail")
                        .asText()
                        .startsWith("the client exited 6 without connecting; again on a retry "
                                + "with twice the bound: the client exited 6 without connecting"),
                first.toString());
        String last = first.get("client").get("lastLine").asText();
        assertTrue(last.startsWith("cannot resolve "), last);
        assertFalse(last.contains("\u001b") || last.contains("\u0007"), last);
        assertFalse(a.out().contains("\u001b") || a.out().contains("\u0007"), a.out());
        // the other cases are judged as s_client judges them
        assertEquals("PASS", a.json().get("cases").get(2).get("result").asText(), a.out());
        assertEquals(23, a.junit().split("<testcase ").length - 1, a.junit());
        assertTrue(
                a.junit().contains("<error message=\"inconclusive: the client exited 6 without connecting"), a.junit());
    }
}
