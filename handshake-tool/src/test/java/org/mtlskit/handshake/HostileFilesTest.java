package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.testing.ToolRun;

/**
 * Files an adversary hands handshake-tool: a CRL with one damaged byte or a certificateIssuer that is
 * a DNS name, a FIFO or /dev/zero where a PEM file belongs. Each is refused before any connection with
 * one line naming it and exit 3 (once exit 1 or a hang). And a peer whose certificate's name holds
 * ESC and a newline: the server's peer line prints them escaped.
 */
@Timeout(60)
class HostileFilesTest {
    @TempDir
    static Path root;

    static Path keys;
    static Path hostile;

    @BeforeAll
    static void makeHostileFiles() throws Exception {
        keys = TestCertificates.make(root);
        hostile = Files.createDirectories(root.resolve("hostile"));
        X509Certificate ca = Pem.readCertificates(keys.resolve("ca_cert.pem")).get(0);
        PrivateKey caKey = Pem.readPrivateKey(keys.resolve("ca_key.pem"));
        byte[] crl = crl(ca, caKey, null);
        crl[lastUtcTime(crl) + 14] = 'x'; // the closing Z of the entry's revocation date
        Files.writeString(hostile.resolve("damaged_crl.pem"), pem("X509 CRL", crl));
        Files.writeString(
                hostile.resolve("dns_issuer_crl.pem"),
                pem("X509 CRL", crl(ca, caKey, new GeneralNames(new GeneralName(GeneralName.dNSName, "evil.test")))));
        Process mkfifo =
                new ProcessBuilder("mkfifo", hostile.resolve("fifo_key.pem").toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
    }

    record Hostile(String name, String command, String option, String file, String problem) {
        @Override
        public String toString() {
            return command + ": " + name;
        }
    }

    static List<Hostile> hostileFiles() {
        List<Hostile> c = new ArrayList<>();
        for (String command : List.of("serve", "connect")) {
            c.add(new Hostile(
                    "CRL with one damaged byte",
                    command,
                    "--crl",
                    "hostile/damaged_crl.pem",
                    "is damaged or in a form this tool cannot read"));
            c.add(new Hostile(
                    "CRL entry whose certificateIssuer is a DNS name",
                    command,
                    "--crl",
                    "hostile/dns_issuer_crl.pem",
                    "the CRL is damaged or in a form this tool cannot read "
                            + "(a value of an unexpected type inside)"));
            c.add(new Hostile(
                    "FIFO as private key",
                    command,
                    "--private-key",
                    "hostile/fifo_key.pem",
                    "not a regular file (a FIFO, device or socket), expected a PEM file"));
            c.add(new Hostile("/dev/zero as CA file", command, "--ca-certificate", "/dev/zero", "not a regular file"));
        }
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void hostileFileIsRefusedWithOneLineBeforeAnyConnection(Hostile h) throws Exception {
        String file = h.file.startsWith("/") ? h.file : root.resolve(h.file).toString();
        List<String> args = args(h.command, h.option, file);
        ToolRun.Result o;
        try (Cli.Running run = Cli.start(args.toArray(String[]::new))) {
            o = run.await();
        }

        o.assertExit(ExitCodes.UNUSABLE_FILE);
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.errLines().get(0).startsWith("handshake-tool: error: " + file + ": "), o.err());
        assertTrue(o.errLines().get(0).contains(h.problem), o.err());
        assertFalse(BadInputGetsOneLineTest.EXCEPTION_NAME.matcher(o.err()).find(), o.err());
        assertTrue(
                o.outLines().stream().noneMatch(l -> l.startsWith("Listening") || l.startsWith("Connecting")), o.out());
    }

    /** serve (port 0) or connect (to a port nobody needs) with the good files, {@code option} given {@code file}. */
    static List<String> args(String command, String option, String file) {
        String own = command.equals("serve") ? "server" : "client";
        List<String> args = new ArrayList<>(List.of(
                command,
                "--ca-certificate",
                keys.resolve("ca_cert.pem").toString(),
                "--certificate",
                keys.resolve(own + "_cert.pem").toString(),
                "--private-key",
                keys.resolve(own + "_key.pem").toString(),
                "--timeout",
                "1"));
        args.addAll(
                command.equals("serve")
                        ? List.of("-p", "0", "--count", "1")
                        : List.of("--server", "localhost", "-p", "9"));
        int at = args.indexOf(option);
        if (at >= 0) {
            args.set(at + 1, file);
        } else {
            args.addAll(List.of(option, file));
        }
        return args;
    }

    @Test
    void thePeerLineEscapesControlCharactersInThePeersNames() throws Exception {
        X509Certificate ca = Pem.readCertificates(keys.resolve("ca_cert.pem")).get(0);
        KeyPair key = ecKey();
        X509Certificate evil = clientCertificate(
                "evil\u001b[2Jclient\nsecond line", key, ca, Pem.readPrivateKey(keys.resolve("ca_key.pem")));
        Path cert = Files.writeString(hostile.resolve("evil_cert.pem"), Pem.certificates(List.of(evil)));
        Path keyFile = Files.writeString(hostile.resolve("evil_key.pem"), Pem.privateKey(key.getPrivate()));
        String ca_ = keys.resolve("ca_cert.pem").toString();

        ToolRun.Result server;
        try (Cli.Running serve = Cli.start(
                "serve",
                "--ca-certificate",
                ca_,
                "--certificate",
                keys.resolve("server_cert.pem").toString(),
                "--private-key",
                keys.resolve("server_key.pem").toString(),
                "-p",
                "0",
                "--count",
                "1")) {
            Cli.run(
                            "connect",
                            "--ca-certificate",
                            ca_,
                            "--certificate",
                            cert.toString(),
                            "--private-key",
                            keyFile.toString(),
                            "--server",
                            "localhost",
                            "-p",
                            String.valueOf(serve.port()))
                    .assertExit(ExitCodes.OK);
            server = serve.await();
        }

        server.assertExit(ExitCodes.OK);
        assertFalse(server.out().chars().anyMatch(c -> c != '\n' && Character.isISOControl(c)), server.out());
        assertTrue(
                server.outLines().stream()
                        .anyMatch(l -> l.startsWith("Peer (client) certificate: CN=evil\\x1b[2Jclient"
                                + "\\x0asecond line, issued by CN=My Test CA")),
                server.out());
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static X509Certificate clientCertificate(String cn, KeyPair key, X509Certificate ca, PrivateKey caKey)
            throws Exception {
        Date now = new Date();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                ca,
                BigInteger.valueOf(now.getTime()),
                new Date(now.getTime() - 3_600_000L),
                new Date(now.getTime() + 86_400_000L),
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build(),
                key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        // RFC 5280 4.2.1.1: a certificate that is not self-signed MUST carry an AKI (the verifier checks it).
        b.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    /** A CRL of {@code ca} with one entry, whose certificateIssuer is {@code entryIssuer} when not null. */
    static byte[] crl(X509Certificate ca, PrivateKey caKey, GeneralNames entryIssuer) throws Exception {
        JcaX509v2CRLBuilder b = new JcaX509v2CRLBuilder(ca, new Date(System.currentTimeMillis() - 60_000L));
        b.setNextUpdate(new Date(System.currentTimeMillis() + 86_400_000L));
        ExtensionsGenerator entry = new ExtensionsGenerator();
        if (entryIssuer != null) {
            entry.addExtension(Extension.certificateIssuer, true, entryIssuer);
        }
        b.addCRLEntry(
                BigInteger.valueOf(1234),
                Date.from(java.time.Instant.parse(REVOKED_AT)),
                entryIssuer == null ? null : entry.generate());
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey))
                .getEncoded();
    }

    /** The entry's revocation date, as the CRL encodes it: UTCTime 260102030405Z. */
    static final String REVOKED_AT = "2026-01-02T03:04:05Z";

    /** Where the entry's revocation date (a UTCTime, tag 0x17 and length 13) starts in the CRL's DER. */
    static int lastUtcTime(byte[] der) {
        byte[] time = "\u0017\r260102030405Z".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + time.length <= der.length; i++) {
            if (java.util.Arrays.equals(der, i, i + time.length, time, 0, time.length)) {
                return i;
            }
        }
        throw new AssertionError("no revocation date " + REVOKED_AT + " in the CRL");
    }

    static String pem(String type, byte[] der) throws IOException {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
