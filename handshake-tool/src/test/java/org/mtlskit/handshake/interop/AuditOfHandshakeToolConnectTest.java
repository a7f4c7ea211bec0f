package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** handshake-tool audit client against our own handshake-tool connect, a JVM started per case. */
class AuditOfHandshakeToolConnectTest extends AuditClientTest {

    /**
     * The server cases our verifier still accepts, as it does the same client cases in audit server
     * (AuditOfHandshakeToolServeTest): no algorithm policy in the rfc5280 rule set. The two path rules
     * the hand-written checks did not know (name constraints, unknown critical extensions) are
     * refused since path validation rests on Bouncy Castle's PKIX engine (issue 15).
     */
    static final List<String> STILL_ACCEPTED_BY_OUR_VERIFIER = List.of("server-rsa-1024", "server-sha1");

    @Test
    void handshakeToolConnectRefusesEveryCaseItsVerifierKnowsDuringTheHandshake() throws Exception {
        // connect resolves --server itself, so the wildcard cases' names are given to its JVM as loopback.
        Path hosts = Files.writeString(root.resolve("hosts"),
                "127.0.0.1 localhost www.api.audit.test audit.com api.www.audit.test\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -XX:TieredStopAtLevel=1 -Djdk.net.hosts.file=" + hosts + " -cp "
                + System.getProperty("java.class.path") + " org.mtlskit.handshake.HandshakeTool connect --server {host}"
                + " -p {port} --ca-certificate {ca} --crl {crl} --certificate " + abs("good_cert.pem")
                + " --private-key " + abs("good_key.pem");
        // One version: a JVM per case is slow on a shared machine; TLS 1.3 is where a refusal is an
        // encrypted alert after our Finished, the harder one to read.
        Audit a = auditClient(command, "--tls", "1.3", "--timeout", "30");
        assertEquals(expected(List.of("1.3"), (c, v) -> STILL_ACCEPTED_BY_OUR_VERIFIER.contains(c) ? "accepted -"
                : c.equals("server-revoked") ? "refused certificate_revoked" : "refused certificate_unknown"),
                a.verdicts(), a.out());
        assertEquals("0", exits(a).get(0), a.out());
        List<String> d = diagnosis(a);
        assertEquals(List.of("weak algorithms are accepted (server-rsa-1024, server-sha1)"),
                d.stream().map(l -> l.substring(0, l.indexOf(')') + 1)).toList(), d.toString());
        assertEquals(8, a.code(), a.out() + a.err());
    }
}
