package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlskit.handshake.Cli;

/** The diagnosis audit server adds to its report, from the same real servers its verdicts are pinned on. */
class AuditServerDiagnosisTest extends AuditServerTest {

    static List<String> diagnosis(Audit a) {
        List<String> lines = new ArrayList<>();
        for (JsonNode d : a.json().get("diagnosis")) {
            lines.add(d.asText());
        }
        return lines;
    }

    @Test
    void mbedtlsServerThatIgnoresTheVerifyResultIsDiagnosedAsVerificationOff() throws Exception {
        try (Device device = AuditOfMbedtlsServerTest.mbedtls("optional-ignored")) {
            Audit a = audit(device.port(), "--tls", "1.2");
            assertEquals(
                    List.of("verification is off: it accepted client certificates no trusted CA signed "
                            + "(bad-signature, self-signed, untrusted-issuer) and 10 more; require it: mbedTLS "
                            + "mbedtls_ssl_conf_authmode(MBEDTLS_SSL_VERIFY_REQUIRED) (with VERIFY_OPTIONAL, check "
                            + "mbedtls_ssl_get_verify_result() and drop the client before answering); OpenSSL SSL_VERIFY_PEER | "
                            + "SSL_VERIFY_FAIL_IF_NO_PEER_CERT (s_server -Verify 1 -verify_return_error)"),
                    diagnosis(a),
                    a.out());
            assertTrue(a.out().contains("\nDiagnosis: verification is off: "), a.out());
            assertTrue(a.junit().contains("<system-out>Diagnosis: verification is off: "), a.junit());
        }
    }

    @Test
    void mbedtlsServerThatChecksAfterTheHandshakeIsToldItChecksLateAndAStrictOneGetsNoLine() throws Exception {
        try (Device device = AuditOfMbedtlsServerTest.mbedtls("optional-checked")) {
            Audit a = audit(device.port(), "--tls", "1.2");
            assertEquals(0, a.code(), a.out());
            assertEquals(1, diagnosis(a).size(), diagnosis(a).toString());
            // 13 refused late; 2 it cannot parse and the reversed chain ended during the handshake.
            assertTrue(
                    diagnosis(a)
                            .get(0)
                            .startsWith("it checks after the handshake: 14 of its 17 refusals came after "
                                    + "its Finished"),
                    diagnosis(a).toString());
        }
        try (Device device = AuditOfMbedtlsServerTest.mbedtls("required")) {
            Audit a = audit(device.port(), "--tls", "1.2");
            assertEquals(List.of(), diagnosis(a), a.out());
        }
    }

    @Test
    void ourOwnServeRefusesEveryBadCaseAndGetsNoDiagnosisLine() throws Exception {
        try (Cli.Running serve = AuditOfHandshakeToolServeTest.serve("ca_cert.pem", CASES.length)) {
            Audit a = audit(serve.port(), "--tls", "1.3");
            assertEquals(0, a.code(), a.out());
            assertEquals(List.of(), diagnosis(a), a.out());
        }
    }
}
