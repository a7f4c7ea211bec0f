package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** handshake-tool audit client against our own handshake-tool connect, a JVM started per case. */
class AuditOfHandshakeToolConnectTest extends AuditClientTest {

    @Test
    void handshakeToolConnectRefusesEveryBadServerCertificateDuringTheHandshake() throws Exception {
        // connect resolves --server itself, so the wildcard cases' names are given to its JVM as loopback.
        Path hosts = Files.writeString(
                root.resolve("hosts"), "127.0.0.1 localhost www.api.audit.test audit.com api.www.audit.test\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -XX:TieredStopAtLevel=1 -Djdk.net.hosts.file=" + hosts + " -cp "
                + System.getProperty("java.class.path") + " org.mtlskit.handshake.HandshakeTool connect --server {host}"
                + " -p {port} --ca-certificate {ca} --crl {crl} --certificate " + abs("good_cert.pem")
                + " --private-key " + abs("good_key.pem");
        // One version: a JVM per case is slow on a shared machine; TLS 1.3 is where a refusal is an
        // encrypted alert after our Finished, the harder one to read.
        Audit a = auditClient(command, "--tls", "1.3", "--timeout", "30");
        assertEquals(
                expected(
                        List.of("1.3"),
                        (c, v) -> c.equals("server-revoked")
                                ? "refused certificate_revoked"
                                : "refused certificate_unknown"),
                a.verdicts(),
                a.out());
        assertEquals("0", exits(a).get(0), a.out());
        assertEquals(List.of(), diagnosis(a), "a client that refuses every bad certificate gets no diagnosis");
        assertEquals(0, a.code(), a.out() + a.err());
    }
}
