package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.x509.KeyMatch;
import org.mtlskit.pki.testing.Programs;

/** Whether the demo set with a revoked client, in a folder, holds together. */
final class SetChecks {
    private SetChecks() {}

    static java.security.PublicKey publicKey(Path csr) {
        try {
            return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                    .getPublicKey(Pem.readCsr(csr).getSubjectPublicKeyInfo());
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys match certificates and CSRs, leaves verify against their CA, the revoked client is refused. */
    static void assertConsistent(Path keys) {
        for (String name : List.of("ca", "bad_ca", "server", "client", "bad", "revoked")) {
            X509Certificate cert =
                    Pem.readCertificates(keys.resolve(name + "_cert.pem")).get(0);
            assertTrue(
                    KeyMatch.matches(Pem.readPrivateKey(keys.resolve(name + "_key.pem")), cert.getPublicKey()),
                    name + "_key.pem does not match " + name + "_cert.pem");
            Path csr = keys.resolve(name + "_csr.pem");
            if (Files.exists(csr)) {
                assertEquals(cert.getPublicKey(), publicKey(csr), name + "_csr.pem is for another key");
            }
        }
        List<String> verify = new ArrayList<>(
                List.of("verify", "-CAfile", "ca_cert.pem", "server_cert.pem", "client_cert.pem", "revoked_cert.pem"));
        Programs.opensslOk(keys, verify.toArray(String[]::new));
        Programs.opensslOk(keys, "verify", "-CAfile", "bad_ca_cert.pem", "bad_cert.pem");
        Programs.Result revoked = Programs.openssl(
                keys, "verify", "-crl_check", "-CAfile", "ca_cert.pem", "-CRLfile", "ca_crl.pem", "revoked_cert.pem");
        assertNotEquals(0, revoked.code(), revoked.output());
        assertTrue(revoked.output().contains("certificate revoked"), revoked.output());
        Programs.opensslOk(
                keys, "verify", "-crl_check", "-CAfile", "ca_cert.pem", "-CRLfile", "ca_crl.pem", "client_cert.pem");
    }
}
