package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtlskit.handshake.audit.Battery;
import org.mtlskit.handshake.audit.RevocationList;
import org.mtlskit.pki.internal.defects.AuditCase;

/**
 * audit client against the clients people run, each case and version compared with the truth taken
 * without the audit: openssl s_server serving that case's chain to the same command, and the
 * client's own exit status (or, for the demo's client that exits 0 whatever happened, its own
 * lines). Every client presents the good client certificate, as in the demo. The table is written to
 * target/audit-agreement.md.
 */
class AuditAgreesWithRealClientsTest extends AuditClientTest {

    static Path crl;
    static Path hosts;
    static Path programs;

    @BeforeAll
    static void filesForTheClients() throws Exception {
        crl = RevocationList.write(
                Battery.load(batteryProfiles, battery, AuditCase.Role.SERVER),
                root.resolve("truth-crl.pem"),
                Instant.now());
        hosts = Files.writeString(
                root.resolve("client-hosts"), "127.0.0.1 localhost www.api.audit.test audit.com api.www.audit.test\n");
        programs = Files.createDirectories(root.resolve("client-programs"));
    }

    static String good() {
        return " " + abs("good_cert.pem") + " " + abs("good_key.pem");
    }

    /** Audits the client command, takes the truth case by case, records the table and asserts agreement. */
    static void auditAndCompare(
            String peer, String command, ClientAgreement.Serving serving, ClientAgreement.Judge judge, String... more)
            throws Exception {
        Audit a = auditClient(command, more);
        List<AgreementTable.Row> rows = ClientAgreement.compare(
                peer, a.json(), battery, batteryProfiles, file("ca_cert.pem"), crl, command, serving, judge);
        List<AgreementTable.Row> wrong =
                AgreementTable.record(peer, rows, ServerAgreement.notOffered(a.json()), a.out());
        assertEquals(
                List.of(),
                wrong,
                peer + ": the audit disagrees with the client on " + wrong.size() + " of " + rows.size() + " cases:\n"
                        + AgreementTable.describe(wrong) + "\n" + a.out());
    }

    static void require(String program, String pkg) {
        requirePeer(
                Peer.onPath(program).isPresent()
                        ? Optional.empty()
                        : Optional.of(program + " not found on PATH (is " + pkg + " installed?)"));
    }

    static String curl(String more) {
        require("curl", "curl");
        return "curl -sS -o /dev/null --max-time 20 --cacert {ca} --cert " + abs("good_cert.pem") + " --key "
                + abs("good_key.pem") + " --resolve {host}:{port}:127.0.0.1 " + more + " https://{host}:{port}/";
    }

    @Test
    void auditAgreesWithCurl() throws Exception {
        auditAndCompare("curl --cacert", curl(""), ClientAgreement.Serving.HTTP, ClientAgreement.BY_EXIT);
    }

    @Test
    void auditAgreesWithCurlCheckingTheCrl() throws Exception {
        auditAndCompare(
                "curl --cacert --crlfile",
                curl("--crlfile {crl}"),
                ClientAgreement.Serving.HTTP,
                ClientAgreement.BY_EXIT);
    }

    @Test
    void auditAgreesWithPythonUrllib() throws Exception {
        require("python3", "python3");
        Path script = ClientPrograms.write(programs, "https_get.py", ClientPrograms.PYTHON);
        auditAndCompare(
                "python3 urllib",
                "python3 " + script + " {host} {port} {ca}" + good(),
                ClientAgreement.Serving.HTTP,
                ClientAgreement.BY_EXIT);
    }

    @Test
    void auditAgreesWithNodeHttpsGet() throws Exception {
        require("node", "nodejs");
        Path script = ClientPrograms.write(programs, "https_get.js", ClientPrograms.NODE);
        auditAndCompare(
                "node https.get",
                "node " + script + " {host} {port} {ca}" + good(),
                ClientAgreement.Serving.HTTP,
                ClientAgreement.BY_EXIT);
    }

    @Test
    void auditAgreesWithJavaHttpClient() throws Exception {
        Path classes = ClientPrograms.compileJava(programs.resolve("java"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        auditAndCompare(
                "Java HttpClient",
                java + " -XX:TieredStopAtLevel=1 -Djdk.net.hosts.file=" + hosts + " -cp " + classes
                        + " HttpsGet {host} {port} {ca}" + good(),
                ClientAgreement.Serving.HTTP_AT_ONCE,
                ClientAgreement.BY_EXIT,
                "--timeout",
                "30");
    }

    @Test
    void auditAgreesWithOpensslClient() throws Exception {
        require("openssl", "openssl");
        auditAndCompare(
                "openssl s_client -verify_return_error -verify_hostname",
                REQUEST + "openssl s_client -quiet -connect 127.0.0.1:{port} -servername {host} -CAfile {ca} -cert "
                        + abs("good_cert.pem") + " -key " + abs("good_key.pem")
                        + " -verify_return_error -verify_hostname {host}",
                ClientAgreement.Serving.HTTP,
                ClientAgreement.BY_EXIT);
    }

    @Test
    void auditAgreesWithGnutlsClientWithStdinClosed() throws Exception {
        require("gnutls-cli", "gnutls-bin");
        auditAndCompare(
                "gnutls-cli (stdin closed)",
                "gnutls-cli 127.0.0.1 -p {port} --sni-hostname {host} "
                        + "--verify-hostname {host} --x509cafile {ca} --x509certfile " + abs("good_cert.pem")
                        + " --x509keyfile " + abs("good_key.pem") + " < /dev/null",
                ClientAgreement.Serving.GREETING,
                ClientAgreement.BY_EXIT);
    }

    /** The demo's client: handshake, one read, close_notify, exit 0 either way; its own lines tell. */
    @Test
    void auditAgreesWithTheDemoStyleMbedtlsClient() throws Exception {
        NativeBuild.Result build = AgreementDevices.mbedtlsBuild();
        auditAndCompare(
                "mbedtls_peer client --demo (the demo's client)",
                build.binary()
                        + " client --demo --ca-certificate {ca} --certificate " + abs("good_cert.pem")
                        + " --private-key "
                        + abs("good_key.pem") + " --server {host} --host 127.0.0.1 --port {port} --timeout-ms 10000",
                ClientAgreement.Serving.GREETING,
                ClientAgreement.byLine(
                        Pattern.compile("^Handshake successful!"), Pattern.compile("^Handshake failed\\.")));
    }

    @Test
    void auditAgreesWithHandshakeToolConnect() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        auditAndCompare(
                "handshake-tool connect --crl",
                java + " -XX:TieredStopAtLevel=1 -Djdk.net.hosts.file=" + hosts
                        + " -cp " + System.getProperty("java.class.path")
                        + " org.mtlskit.handshake.HandshakeTool connect"
                        + " --server {host} -p {port} --ca-certificate {ca} --crl {crl} --certificate "
                        + abs("good_cert.pem")
                        + " --private-key " + abs("good_key.pem"),
                ClientAgreement.Serving.GREETING,
                ClientAgreement.BY_EXIT,
                "--timeout",
                "30");
    }
}
