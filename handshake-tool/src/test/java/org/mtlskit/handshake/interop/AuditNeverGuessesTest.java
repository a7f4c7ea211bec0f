package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mtlskit.handshake.Cli;
import org.mtlskit.testing.ToolRun;

/**
 * A bound only ends a wait: a silent port, a port that does not speak TLS and a peer paused in the
 * middle of an audit are "no answer", never accepted or refused; and each answer is judged against
 * the baseline's, in the device's own protocol. Real peers on loopback: openssl s_server, python's
 * ssl module (a server that ends every accepted session with close_notify, as the demo's does) and
 * nginx (which answers HTTP 400 to a bad certificate after completing the handshake).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AuditNeverGuessesTest extends AuditServerTest {

    /** A loopback port that accepts connections and then does what {@code onAccept} does with each. */
    private interface OnAccept {
        void with(Socket s) throws IOException;
    }

    private static ServerSocket tcpPort(OnAccept onAccept, List<Socket> held) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket s = server.accept();
                            held.add(s);
                            onAccept.with(s);
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "test-port");
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static ToolRun.Result auditWithoutReport(int port, String... more) {
        List<String> args = new ArrayList<>(List.of(
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
                battery.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aPortThatAcceptsAndNeverAnswersIsNoTlsAnswerNotARefusal() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = tcpPort(s -> {}, held)) {
            ToolRun.Result r = auditWithoutReport(silent.getLocalPort(), "--timeout", "1");
            assertEquals(6, r.code(), r.toString());
            assertTrue(r.err().contains("no TLS answer from localhost:" + silent.getLocalPort()), r.err());
            assertTrue(r.err().contains("timed out"), r.err());
            assertFalse(r.err().contains("refused the good certificate"), r.err());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aPortThatDoesNotSpeakTlsIsNoTlsAnswerNotARefusal() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket ssh = tcpPort(
                s -> {
                    OutputStream out = s.getOutputStream();
                    out.write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                },
                held)) {
            Audit a = audit(ssh.getLocalPort(), "--timeout", "2");
            assertEquals(6, a.code(), a.out() + a.err());
            assertTrue(a.err().contains("no TLS answer from localhost:" + ssh.getLocalPort()), a.err());
            assertFalse(a.err().contains("refused the good certificate"), a.err());
            // the reports are written all the same: nothing judged, one testcase per case
            assertTrue(
                    a.json().get("stopped").asText().startsWith("no TLS answer from localhost:"),
                    a.json().toString());
            assertEquals(0, a.json().get("cases").size(), a.json().toString());
            assertEquals(CASES.length + 1, a.junit().split("<testcase ").length - 1, a.junit());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * A battery of its own: the shipped CAs and three client cases (good, expired, v1), so that a
     * peer paused for the rest of the audit costs seconds, not minutes.
     */
    private static Path smallBattery() throws IOException {
        Path dir = Files.createTempDirectory(root, "small-battery");
        try (Stream<Path> all = Files.list(batteryProfiles)) {
            for (Path p : all.toList()) {
                String text = Files.readString(p);
                String name = p.getFileName().toString();
                if (!text.contains("\naudit:")
                        || List.of("good.yaml", "expired.yaml", "v1.yaml").contains(name)) {
                    Files.copy(p, dir.resolve(name));
                }
            }
        }
        return dir;
    }

    /**
     * The peer stops itself (SIGSTOP) right after it served the baseline, so the pause falls in the
     * middle of the audit whatever the machine's speed; the test wakes it (SIGCONT) at the end.
     */
    @Test
    void aPeerPausedInTheMiddleOfTheAuditIsInconclusiveNeverPassOrFail() throws Exception {
        Path profiles = smallBattery();
        try (Device device = closeNotifyServer("1")) {
            try {
                Path dir = Files.createTempDirectory(root, "paused");
                ToolRun.Result r = Cli.run(
                        "audit",
                        "server",
                        "--server",
                        "localhost",
                        "-p",
                        String.valueOf(device.port()),
                        "--ca-certificate",
                        file("ca_cert.pem").toString(),
                        "--profiles",
                        profiles.toString(),
                        "--keys",
                        battery.toString(),
                        "--tls",
                        "1.2",
                        "--timeout",
                        "1",
                        "--json",
                        dir.resolve("audit.json").toString(),
                        "--junit",
                        dir.resolve("audit.xml").toString());
                JsonNode cases = new ObjectMapper()
                        .readTree(dir.resolve("audit.json").toFile())
                        .get("cases");
                assertEquals("PASS", cases.get(0).get("result").asText(), r.out());
                assertEquals(4, cases.size(), r.out());
                for (int i = 1; i < cases.size(); i++) {
                    JsonNode c = cases.get(i);
                    assertEquals("INCONCLUSIVE", c.get("result").asText(), c.toString());
                    assertEquals("inconclusive", c.get("device").asText(), c.toString());
                    assertTrue(
                            c.get("detail")
                                    .asText()
                                    .startsWith("no answer (timed out after 1 s waiting for the server)"
                                            + "; again on a retry with twice the bound: no answer (timed out after 2 s waiting for the "
                                            + "server)"),
                            c.toString());
                }
                assertEquals(9, r.code(), r.toString());
                assertTrue(
                        r.out()
                                .contains("Audit inconclusive: no case wrong on TLS 1.2, but 3 of 4 cases "
                                        + "inconclusive"),
                        r.out());
                assertTrue(
                        r.out()
                                .lines()
                                .anyMatch(l -> l.startsWith("case expired, TLS 1.2: no answer (timed out "
                                        + "after 1 s waiting for the server); trying once more with twice the bound")),
                        r.out());
                String junit = Files.readString(dir.resolve("audit.xml"));
                assertTrue(junit.contains("tests=\"4\" failures=\"0\" errors=\"3\""), junit);
            } finally {
                signal("CONT", device.process().pid());
            }
        }
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid))
                .inheritIO()
                .start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " " + pid);
    }

    /**
     * A python ssl server that requires client certificates and ends every session it accepted with
     * close_notify, without data, as the demo's mbedTLS server does.
     */
    static final String CLOSE_NOTIFY_SERVER = String.join(
            "\n",
            "import os, signal, socket, ssl, sys",
            "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)",
            "ctx.load_cert_chain(sys.argv[1], sys.argv[2])",
            "ctx.load_verify_locations(sys.argv[3])",
            "ctx.verify_mode = ssl.CERT_REQUIRED",
            "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(16)",
            "print('port', s.getsockname()[1], flush=True)",
            "served = 0",
            "while True:",
            "    if len(sys.argv) > 4 and served == int(sys.argv[4]):",
            "        os.kill(os.getpid(), signal.SIGSTOP)  # paused until the test sends SIGCONT",
            "    c, _ = s.accept()",
            "    served += 1",
            "    c.settimeout(10)",
            "    try:",
            "        t = ctx.wrap_socket(c, server_side=True)",
            "        print('SSL handshake successful', flush=True)",
            "        t.unwrap()",
            "    except Exception as e:",
            "        print('SSL handshake failed', e, flush=True)",
            "    finally:",
            "        c.close()",
            "");

    /** @param pauseAfter with a number N, the server stops itself (SIGSTOP) after serving N connections */
    private static Device closeNotifyServer(String... pauseAfter) throws IOException, InterruptedException {
        requirePeer(Peer.onPath("python3").isPresent() ? Optional.empty() : Optional.of("python3 not found on PATH"));
        Path script = Files.createTempDirectory(root, "py").resolve("close_notify_server.py");
        Files.writeString(script, CLOSE_NOTIFY_SERVER);
        List<String> command = new ArrayList<>(List.of(
                "python3",
                script.toString(),
                file("server_cert.pem").toString(),
                file("server_key.pem").toString(),
                file("ca_cert.pem").toString()));
        command.addAll(List.of(pauseAfter));
        return start("python close_notify server", command, Map.of(), Pattern.compile("^port (\\d+)$"));
    }

    @Test
    void aServerThatEndsEveryAcceptedSessionWithCloseNotifyIsJudgedByItsBaseline() throws Exception {
        try (Device device = closeNotifyServer()) {
            Audit a = audit(device.port());
            JsonNode good = a.json().get("cases").get(0);
            assertEquals("accepted", good.get("device").asText(), a.out());
            assertTrue(good.get("detail").asText().contains("close_notify"), good.toString());
            for (JsonNode c : a.json().get("cases")) {
                if (c.get("case").asText().equals("good-via-intermediate")) {
                    assertEquals(
                            "handshake complete; it ended the session in order (close_notify, no answer), as it "
                                    + "did with the baseline",
                            c.get("detail").asText());
                }
                assertFalse(c.get("result").asText().equals("INCONCLUSIVE"), c.toString());
            }
            assertEquals(List.of(), failed(a), a.out());
            assertEquals(0, a.code(), a.out() + a.err());
        }
    }

    private static List<String> failed(Audit a) {
        List<String> failed = new ArrayList<>();
        a.json().get("cases").forEach(c -> {
            if (!c.get("result").asText().equals("PASS")) {
                failed.add(c.get("case").asText() + " " + c.get("tls").asText() + " "
                        + c.get("device").asText());
            }
        });
        return failed;
    }

    @Test
    void connectDoesNotExitZeroWhenTheServerClosesWithoutAVerdictAfterATls13Handshake() throws Exception {
        try (Device device = closeNotifyServer()) {
            ToolRun.Result r = Cli.run(
                    "connect",
                    "--server",
                    "localhost",
                    "-p",
                    String.valueOf(device.port()),
                    "--tls",
                    "1.3",
                    "--ca-certificate",
                    file("ca_cert.pem").toString(),
                    "--certificate",
                    battery.resolve("good_cert.pem").toString(),
                    "--private-key",
                    battery.resolve("good_key.pem").toString());
            assertEquals(10, r.code(), r.toString());
            assertTrue(r.err().contains("not known whether the server accepted us"), r.err());
            assertFalse(r.out().contains("Handshake successful!"), r.out());
            // in TLS 1.2 its Finished came after it checked us: accepted
            ToolRun.Result tls12 = Cli.run(
                    "connect",
                    "--server",
                    "localhost",
                    "-p",
                    String.valueOf(device.port()),
                    "--tls",
                    "1.2",
                    "--ca-certificate",
                    file("ca_cert.pem").toString(),
                    "--certificate",
                    battery.resolve("good_cert.pem").toString(),
                    "--private-key",
                    battery.resolve("good_key.pem").toString());
            assertEquals(0, tls12.code(), tls12.toString());
        }
    }

    @Test
    void anHttpServerThatAnswers400ToABadCertificateRefusedItLate() throws Exception {
        requirePeer(
                Peer.onPath("nginx").isPresent()
                        ? Optional.empty()
                        : Optional.of("nginx not found on PATH (is nginx-light installed?)"));
        Path dir = Files.createTempDirectory(root, "nginx");
        Files.createDirectories(dir.resolve("logs"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String tmp = dir.resolve("tmp").toString();
        Files.writeString(
                dir.resolve("nginx.conf"),
                String.join(
                        "\n",
                        "daemon off;",
                        "master_process off;",
                        "pid " + dir.resolve("nginx.pid") + ";",
                        "error_log " + dir.resolve("logs/error.log") + ";",
                        "events { worker_connections 64; }",
                        "http {",
                        "  access_log off;",
                        "  client_body_temp_path " + tmp + "; proxy_temp_path " + tmp + "; fastcgi_temp_path " + tmp
                                + ";",
                        "  uwsgi_temp_path " + tmp + "; scgi_temp_path " + tmp + ";",
                        "  server {",
                        "    listen 127.0.0.1:" + port + " ssl;",
                        "    ssl_certificate " + file("server_cert.pem") + ";",
                        "    ssl_certificate_key " + file("server_key.pem") + ";",
                        "    ssl_client_certificate " + file("ca_cert.pem") + ";",
                        "    ssl_verify_client on;",
                        "    ssl_verify_depth 3;",
                        "    location / { return 200 \"ok\\n\"; }",
                        "  }",
                        "}",
                        ""));
        PeerProcess nginx = PeerProcess.start(
                "nginx",
                List.of(
                        "nginx",
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString()),
                Map.of(),
                List.of());
        try (Device device = new Device(nginx, port)) {
            awaitListening(port);
            Audit a = audit(device.port(), "--tls", "1.2");
            JsonNode expired = null;
            for (JsonNode c : a.json().get("cases")) {
                if (c.get("case").asText().equals("expired")) {
                    expired = c;
                }
            }
            assertEquals("refused-late", expired.get("device").asText(), expired.toString());
            assertTrue(expired.get("detail").asText().contains("HTTP/1.1 400 Bad Request"), expired.toString());
            assertTrue(expired.get("detail").asText().contains("HTTP/1.1 200 OK"), expired.toString());
            assertEquals(List.of(), failed(a), a.out());
            assertEquals(0, a.code(), a.out() + a.err());
            assertTrue(a.out().contains("Diagnosis: its application refuses after the handshake"), a.out());
            assertFalse(a.out().contains("MBEDTLS_SSL_VERIFY_REQUIRED"), a.out());
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long end = System.nanoTime() + bound().toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not listen on port " + port);
    }
}
