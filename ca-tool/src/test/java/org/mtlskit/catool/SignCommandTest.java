package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestKeys;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** ca-tool sign: certificates for CSRs made elsewhere, checked with the real openssl. */
class SignCommandTest {

    @TempDir
    static Path root;

    static Path keys;
    static Path profiles;

    @BeforeAll
    static void makeCas() {
        profiles = root.resolve("profiles");
        keys = root.resolve("keys");
        TestPki.writeProfiles(
                profiles,
                java.util.Map.of(
                        "ca",
                        TestPki.ca("ec-p256"),
                        "inter",
                        "ca: true\nissuer: ca\nkey: ec-p256\nsubject:\n  CN: Test Intermediate\n",
                        "server",
                        TestPki.leaf("ca", "ec-p256", "[serverAuth]", "localhost"),
                        "device",
                        "issuer: ca\nkey: ec-p256\nsubject:\n  CN: device\nextensions:\n"
                                + "  extendedKeyUsage: [clientAuth]\n  subjectAltName:\n    fromCsr: true\n",
                        "web-device",
                        "issuer: ca\nkey: ec-p256\nsubject:\n  CN: web device\nextensions:\n"
                                + "  extendedKeyUsage: [serverAuth]\n  subjectAltName:\n    dns: [fallback.test]\n    fromCsr: true\n",
                        "rsa-server",
                        "issuer: ca\nsubject:\n  CN: rsa\nextensions:\n  extendedKeyUsage: [serverAuth]\n"
                                + "  subjectAltName:\n    dns: [localhost]\n"));
        assertEquals(0, caTool("init", "ca").code());
        assertEquals(0, caTool("init", "inter").code());
    }

    static ToolRun.Result caTool(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--out", keys.toString(), "--profiles", profiles.toString()));
        return ToolRun.caTool(all.toArray(String[]::new));
    }

    /** A key and CSR made by the real openssl, with a SAN. */
    static Path opensslCsr(Path dir, String keyAlgorithm, String subject, String san) {
        Path key = dir.resolve("key.pem");
        if (keyAlgorithm.startsWith("rsa")) {
            Programs.opensslOk(dir, "genrsa", "-out", key.toString(), keyAlgorithm.substring(4));
        } else {
            Programs.opensslOk(
                    dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        }
        Path csr = dir.resolve("request_csr.pem");
        Programs.opensslOk(
                dir,
                "req",
                "-new",
                "-key",
                key.toString(),
                "-subj",
                subject,
                "-addext",
                "subjectAltName=" + san,
                "-out",
                csr.toString());
        return csr;
    }

    /** A CSR made in Java, for what openssl req will not write (a DSA key, odd SAN entries). */
    static Path javaCsr(Path file, KeyPair key, String signatureAlgorithm, GeneralName... san) throws Exception {
        JcaPKCS10CertificationRequestBuilder b =
                new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device 7"), key.getPublic());
        if (san.length > 0) {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
        }
        PKCS10CertificationRequest csr =
                b.build(new JcaContentSignerBuilder(signatureAlgorithm).build(key.getPrivate()));
        Files.createDirectories(file.getParent());
        Files.writeString(file, Pem.csr(csr));
        return file;
    }

    static List<String> sans(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames() == null
                ? List.of()
                : cert.getSubjectAlternativeNames().stream()
                        .map(n -> n.get(0) + ":" + n.get(1))
                        .toList();
    }

    @Test
    void opensslMadeRsaAndEcCsrsAreSignedIntoCertificatesOpensslVerifyAccepts() throws Exception {
        for (String algorithm : List.of("rsa-2048", "ec")) {
            Path dir = Files.createDirectories(root.resolve("openssl-" + algorithm));
            Path csr = opensslCsr(dir, algorithm, "/CN=localhost/O=Device Maker", "DNS:localhost,IP:127.0.0.1");
            Path cert = dir.resolve("cert.pem");
            ToolRun.Result r =
                    caTool("sign", csr.toString(), "--ca", "ca", "--profile", "server", "--out-cert", cert.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(
                    r.out().startsWith("server: wrote " + cert + "; O=Device Maker,CN=localhost, signed by CA \"ca\""),
                    r.out());
            assertTrue(r.out().contains("  subjectAltName: DNS:localhost\n"), r.out());
            assertTrue(
                    r.out()
                            .contains("  taken from the CSR: none (the profile's own entries; "
                                    + "extensions.subjectAltName.fromCsr is not set)\n"),
                    r.out());

            String verified = Programs.opensslOk(
                    dir,
                    "verify",
                    "-x509_strict",
                    "-purpose",
                    "sslserver",
                    "-verify_hostname",
                    "localhost",
                    "-CAfile",
                    keys.resolve("ca_cert.pem").toString(),
                    cert.toString());
            assertTrue(verified.contains(": OK"), verified);
            X509Certificate issued = Pem.readCertificates(cert).get(0);
            PKCS10CertificationRequest request = Pem.readCsr(csr);
            assertArrayEquals(
                    request.getSubject().getEncoded(),
                    issued.getSubjectX500Principal().getEncoded(),
                    "the subject is the CSR's, byte for byte");
            assertArrayEquals(
                    request.getSubjectPublicKeyInfo().getEncoded(),
                    issued.getPublicKey().getEncoded());
        }
    }

    @Test
    void profileIsTheOneWhoseCsrFileHasTheCsrsName() throws Exception {
        Path dir = Files.createDirectories(root.resolve("by-name"));
        Path csr = opensslCsr(dir, "ec", "/CN=localhost", "DNS:localhost");
        Path named = Files.move(csr, dir.resolve("server_csr.pem"));
        Path cert = dir.resolve("server_cert.pem");
        ToolRun.Result r = caTool("sign", named.toString(), "--ca", "ca", "--out-cert", cert.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("server: wrote " + cert), r.out());
    }

    @Test
    void csrWhoseNameNoProfileUsesNeedsProfileOption() throws Exception {
        Path csr = javaCsr(root.resolve("anon/thing.pem"), TestKeys.ecKey(), "SHA256withECDSA");
        ToolRun.Result r = caTool("sign", csr.toString(), "--ca", "ca");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                csr + ": no leaf profile in " + profiles + " names thing.pem as its CSR file; give the profile "
                        + "with --profile NAME",
                r.errorLine());
    }

    @Test
    void fromCsrProfileTakesTheRequestedSansAndSaysWhichItIgnored() throws Exception {
        Path csr = javaCsr(
                root.resolve("device/device_csr.pem"),
                TestKeys.ecKey(),
                "SHA256withECDSA",
                new GeneralName(GeneralName.dNSName, "device7.test"),
                new GeneralName(GeneralName.iPAddress, "10.0.0.7"),
                new GeneralName(GeneralName.dNSName, "not a name"),
                new GeneralName(GeneralName.directoryName, "CN=somewhere"));
        Path cert = root.resolve("device/cert.pem");
        ToolRun.Result r = caTool("sign", csr.toString(), "--ca", "ca", "--out-cert", cert.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  subjectAltName: DNS:device7.test, IP:10.0.0.7\n"), r.out());
        assertTrue(r.out().contains("  taken from the CSR: DNS:device7.test, IP:10.0.0.7\n"), r.out());
        assertTrue(
                r.out()
                        .contains("  ignored from the CSR: DNS:not a name (not a DNS name a profile can hold); "
                                + "DirName:CN=somewhere (a profile's SAN holds dns, ip, email and uri entries only)\n"),
                r.out());
        assertEquals(
                List.of("2:device7.test", "7:10.0.0.7"),
                sans(Pem.readCertificates(cert).get(0)));
    }

    @Test
    void withoutFromCsrTheProfilesSansAreUsedAndTheCsrsAreIgnored() throws Exception {
        Path csr = javaCsr(
                root.resolve("plain/server_csr.pem"),
                TestKeys.ecKey(),
                "SHA256withECDSA",
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, "evil.test"));
        Path cert = root.resolve("plain/cert.pem");
        ToolRun.Result r = caTool("sign", csr.toString(), "--ca", "ca", "--out-cert", cert.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out()
                        .contains("  taken from the CSR: none (the profile's own entries; "
                                + "extensions.subjectAltName.fromCsr is not set)\n"),
                r.out());
        assertTrue(
                r.out()
                        .contains("  ignored from the CSR: DNS:evil.test (profile \"server\" does not take SANs from "
                                + "a CSR (extensions.subjectAltName.fromCsr))\n"),
                r.out());
        assertEquals(List.of("2:localhost"), sans(Pem.readCertificates(cert).get(0)));
    }

    @Test
    void serverProfileTakingSansFromTheCsrRefusesACsrWithoutOne() throws Exception {
        Path csr = javaCsr(
                root.resolve("nosan/web.pem"),
                TestKeys.ecKey(),
                "SHA256withECDSA",
                new GeneralName(GeneralName.rfc822Name, "ops@example.test"));
        Path cert = root.resolve("nosan/cert.pem");
        ToolRun.Result r =
                caTool("sign", csr.toString(), "--ca", "ca", "--profile", "web-device", "--out-cert", cert.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                csr + ": the CSR asks for no DNS or IP subjectAltName, and profile \"web-device\" (serverAuth) "
                        + "takes its SAN from the CSR (fromCsr: true); TLS clients check the hostname against the SAN, so make "
                        + "the CSR with one",
                r.errorLine());
        assertFalse(Files.exists(cert));
    }

    @Test
    void csrAlteredAfterSigningIsRefused() throws Exception {
        Path good = javaCsr(
                root.resolve("altered/good.pem"),
                TestKeys.ecKey(),
                "SHA256withECDSA",
                new GeneralName(GeneralName.dNSName, "localhost"));
        byte[] der = Pem.readCsr(good).getEncoded();
        der[der.length - 5] ^= 0x01; // a bit of the signature
        Path altered = root.resolve("altered/server_csr.pem");
        Files.writeString(altered, Pem.csr(new PKCS10CertificationRequest(der)));
        ToolRun.Result r = caTool("sign", altered.toString(), "--ca", "ca");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                altered + ": the CSR's signature does not verify with its own key; it was altered after signing "
                        + "or is damaged",
                r.errorLine());
    }

    @Test
    void dsaKeyIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("DSA");
        g.initialize(2048);
        Path csr = javaCsr(
                root.resolve("dsa/server_csr.pem"),
                g.generateKeyPair(),
                "SHA256withDSA",
                new GeneralName(GeneralName.dNSName, "localhost"));
        ToolRun.Result r = caTool("sign", csr.toString(), "--ca", "ca");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                csr + ": the CSR's key is DSA-2048, which ca-tool does not sign for; use RSA (2048 bits or more), "
                        + "EC P-256 or P-384, or Ed25519",
                r.errorLine());
    }

    @Test
    void rsaKeyShorterThan2048BitsIsRefused() throws Exception {
        Path dir = Files.createDirectories(root.resolve("rsa1024"));
        Path csr = opensslCsr(dir, "rsa-1024", "/CN=localhost", "DNS:localhost");
        ToolRun.Result r = caTool("sign", csr.toString(), "--ca", "ca", "--profile", "server");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                csr + ": the CSR's key is RSA-1024, too short: RSA keys need at least 2048 bits (NIST SP 800-57; "
                        + "TLS libraries refuse less)",
                r.errorLine());
    }

    @Test
    void ecCsrUnderAnRsaProfileGetsNoKeyEncipherment() throws Exception {
        Path csr = javaCsr(root.resolve("ec-rsa/x.pem"), TestKeys.ecKey(), "SHA256withECDSA");
        Path cert = root.resolve("ec-rsa/cert.pem");
        ToolRun.Result r =
                caTool("sign", csr.toString(), "--ca", "ca", "--profile", "rsa-server", "--out-cert", cert.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out()
                        .contains(
                                "  note: keyUsage without keyEncipherment/dataEncipherment: the CSR's key is EC P-256, "
                                        + "which cannot encipher\n"),
                r.out());
        boolean[] ku = Pem.readCertificates(cert).get(0).getKeyUsage();
        assertTrue(ku[0], "digitalSignature");
        assertFalse(ku[2], "keyEncipherment");
    }

    @Test
    void certificateBelowAnIntermediateCarriesTheChainAndVerifies() throws Exception {
        Path dir = Files.createDirectories(root.resolve("below-inter"));
        Path csr = opensslCsr(dir, "ec", "/CN=localhost", "DNS:localhost");
        Path cert = dir.resolve("cert.pem");
        ToolRun.Result r =
                caTool("sign", csr.toString(), "--ca", "inter", "--profile", "server", "--out-cert", cert.toString());
        assertEquals(0, r.code(), r.err());
        List<X509Certificate> chain = Pem.readCertificates(cert);
        assertEquals(2, chain.size());
        assertEquals(
                "CN=Test Intermediate", chain.get(1).getSubjectX500Principal().getName());
        String verified = Programs.opensslOk(
                dir,
                "verify",
                "-x509_strict",
                "-purpose",
                "sslserver",
                "-CAfile",
                keys.resolve("ca_cert.pem").toString(),
                "-untrusted",
                cert.toString(),
                cert.toString());
        assertTrue(verified.contains(": OK"), verified);
    }

    @Test
    void missingCaFilesAreOneLineError() throws IOException {
        Path otherOut = root.resolve("empty-out");
        Path csr = root.resolve("by-name-missing/server_csr.pem");
        ToolRun.Result r = ToolRun.caTool(
                "sign", csr.toString(), "--ca", "ca", "--out", otherOut.toString(), "--profiles", profiles.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                otherOut.resolve("ca_cert.pem") + ": no such file; make the CA first: ca-tool init ca --out "
                        + otherOut,
                r.errorLine());
    }

    @Test
    void caProfileCannotBeTheLeafProfileNorALeafTheCa() throws Exception {
        Path csr = javaCsr(root.resolve("roles/x.pem"), TestKeys.ecKey(), "SHA256withECDSA");
        ToolRun.Result asLeaf = caTool("sign", csr.toString(), "--ca", "ca", "--profile", "inter");
        assertEquals(ExitCodes.INVALID_PROFILE, asLeaf.code());
        assertEquals(
                profiles.resolve("inter.yaml") + ": \"inter\" is a CA profile; ca-tool sign issues leaf "
                        + "certificates: name a leaf profile with --profile",
                asLeaf.errorLine());
        ToolRun.Result leafAsCa = caTool("sign", csr.toString(), "--ca", "server", "--profile", "server");
        assertEquals(ExitCodes.INVALID_PROFILE, leafAsCa.code());
        assertEquals(
                profiles.resolve("server.yaml") + ": \"server\" is not a CA profile (no ca: true), so it cannot "
                        + "sign",
                leafAsCa.errorLine());
    }

    @Test
    void caOptionIsRequired() {
        ToolRun.Result r = caTool("sign", "x.pem");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("ca-tool: error: Missing required option: '--ca=NAME'"), r.err());
    }

    @Test
    void csrWithAnUnknownSignatureAlgorithmIsRefused() throws Exception {
        PKCS10CertificationRequest good =
                Pem.readCsr(javaCsr(root.resolve("unknown-alg/a.pem"), TestKeys.ecKey(), "SHA256withECDSA"));
        var asn1 = good.toASN1Structure();
        PKCS10CertificationRequest odd =
                new PKCS10CertificationRequest(new org.bouncycastle.asn1.pkcs.CertificationRequest(
                        asn1.getCertificationRequestInfo(),
                        new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                                new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4")),
                        asn1.getSignature()));
        Path csr = root.resolve("unknown-alg/server_csr.pem");
        Files.writeString(csr, Pem.csr(odd));
        ToolRun.Result r = caTool("sign", csr.toString(), "--ca", "ca");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                csr + ": the CSR's signature cannot be checked (1.2.3.4); it is damaged or uses an unknown "
                        + "algorithm",
                r.errorLine());
    }

    @Test
    void csrWithMalformedRequestedExtensionsIsRefused() throws Exception {
        KeyPair key = TestKeys.ecKey();
        JcaPKCS10CertificationRequestBuilder b =
                new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), key.getPublic());
        b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new org.bouncycastle.asn1.DERUTF8String("no"));
        Path csr = root.resolve("bad-ext/server_csr.pem");
        Files.createDirectories(csr.getParent());
        Files.writeString(
                csr, Pem.csr(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))));
        ToolRun.Result r = caTool("sign", csr.toString(), "--ca", "ca");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(csr + ": the CSR's requested extensions are malformed", r.errorLine());
    }

    @Test
    void ecKeyOnAnotherCurveIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp521r1"));
        Path csr = javaCsr(root.resolve("p521/server_csr.pem"), g.generateKeyPair(), "SHA512withECDSA");
        ToolRun.Result r = caTool("sign", csr.toString(), "--ca", "ca");
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                csr + ": the CSR's key is EC P-521, on a curve ca-tool does not sign for; use P-256 or P-384",
                r.errorLine());
    }

    @Test
    void caKeyThatDoesNotFitItsCertificateIsRefused() throws Exception {
        Path out = Files.createDirectories(root.resolve("mismatched-ca"));
        Files.copy(keys.resolve("ca_cert.pem"), out.resolve("ca_cert.pem"));
        Files.writeString(
                out.resolve("ca_key.pem"), Pem.privateKey(TestKeys.ecKey().getPrivate()));
        Path csr = javaCsr(out.resolve("x.pem"), TestKeys.ecKey(), "SHA256withECDSA");
        ToolRun.Result r = ToolRun.caTool(
                "sign",
                csr.toString(),
                "--ca",
                "ca",
                "--profile",
                "device",
                "--out",
                out.toString(),
                "--profiles",
                profiles.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                out.resolve("ca_key.pem") + ": does not match the CA certificate " + out.resolve("ca_cert.pem"),
                r.errorLine());
    }

    @Test
    void caFileHoldingALeafIsRefused() throws Exception {
        Path out = Files.createDirectories(root.resolve("leaf-as-ca"));
        TestCertBuilder.Issued leaf =
                TestCertBuilder.leaf("not a CA", java.time.Instant.now()).build();
        Files.writeString(out.resolve("ca_cert.pem"), Pem.certificates(List.of(leaf.cert())));
        Files.writeString(out.resolve("ca_key.pem"), Pem.privateKey(leaf.key().getPrivate()));
        Path csr = javaCsr(out.resolve("x.pem"), TestKeys.ecKey(), "SHA256withECDSA");
        ToolRun.Result r = ToolRun.caTool(
                "sign",
                csr.toString(),
                "--ca",
                "ca",
                "--profile",
                "device",
                "--out",
                out.toString(),
                "--profiles",
                profiles.toString());
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(
                out.resolve("ca_cert.pem") + ": is not a CA certificate (no basicConstraints CA:TRUE)", r.errorLine());
    }
}
