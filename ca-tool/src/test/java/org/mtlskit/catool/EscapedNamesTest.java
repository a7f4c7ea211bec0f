package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * Names chosen by whoever made a certificate or CSR reach the terminal escaped: ESC, NUL and newlines
 * as \xNN, so that they neither drive the terminal nor turn one line into two. Profiles refuse such
 * names (HostileInputTest), so these files are built with Bouncy Castle.
 */
class EscapedNamesTest {
    static final String EVIL = "evil\u001b[2J\u0000name\nsecond line";
    static final String SHOWN = "evil\\x1b[2J\\x00name\\x0asecond line";

    @TempDir
    Path root;

    @Test
    void escapeWritesControlCharactersAsHexAndKeepsLetters() {
        assertEquals(SHOWN, PrintableText.escape(EVIL));
        assertEquals("Grüße, 例え \\u202eabc \\ud800", PrintableText.escape("Grüße, 例え \u202eabc \ud800"));
        assertEquals("emoji \uD83D\uDE00 kept", PrintableText.escape("emoji \uD83D\uDE00 kept"));
        assertEquals("holds a control character (U+001B)", PrintableText.problem("a\u001bb"));
        assertEquals("holds a lone surrogate (U+DC00), which is not a character", PrintableText.problem("\udc00"));
        assertNull(PrintableText.problem("Grüße \uD83D\uDE00"));
    }

    @Test
    void showPrintsAnEvilSubjectOnOneEscapedLine() throws Exception {
        TestCertBuilder.Issued ca = TestCertBuilder.ca("CA", Instant.now()).build();
        TestCertBuilder.Issued leaf = TestCertBuilder.leaf(EVIL, Instant.now())
                .issuer(ca)
                .dns("evil.test")
                .build();
        Path file = root.resolve("evil_cert.pem");
        Files.writeString(file, Pem.certificates(List.of(leaf.cert())));

        ToolRun.Result r = ToolRun.caTool("show", file.toString());

        assertEquals(0, r.code(), r.err());
        assertClean(r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.equals("  subject:    CN=" + SHOWN)), r.out());
    }

    @Test
    void verifyPrintsAnEvilSubjectOnOneEscapedLine() throws Exception {
        TestCertBuilder.Issued ca = TestCertBuilder.ca("CA", Instant.now()).build();
        TestCertBuilder.Issued leaf = TestCertBuilder.leaf(EVIL, Instant.now())
                .issuer(ca)
                .dns("evil.test")
                .eku(KeyPurposeId.id_kp_serverAuth)
                .build();
        Path cert = root.resolve("evil_cert.pem");
        Path caFile = root.resolve("ca_cert.pem");
        Files.writeString(cert, Pem.certificates(List.of(leaf.cert())));
        Files.writeString(caFile, Pem.certificates(List.of(ca.cert())));

        ToolRun.Result r = ToolRun.caTool("verify", cert.toString(), "--ca", caFile.toString());

        assertEquals(0, r.code(), r.out() + r.err());
        assertClean(r.out());
        assertEquals(1, r.out().lines().count(), r.out());
        // X500Principal writes NUL as RFC 4514's \00 itself; ESC and the newline are ours to escape.
        assertTrue(r.out().contains("OK (CN=evil\\x1b[2J\\00name\\x0asecond line;"), r.out());
    }

    @Test
    void signPrintsTheSubjectOfAnEvilCsrEscaped() throws Exception {
        TestPki.makeSet(
                root,
                Map.of(
                        "ca",
                        TestPki.ca("ec-p256"),
                        "client",
                        TestPki.leaf("ca", "ec-p256", "[clientAuth]", "localhost")),
                java.time.Clock.systemUTC());
        Path csr = root.resolve("evil_csr.pem");
        Files.writeString(csr, HostileFiles.csrWithSubject(EVIL));
        Path out = root.resolve("evil_cert.pem");

        ToolRun.Result r = ToolRun.caTool(
                "sign",
                csr.toString(),
                "--ca",
                "ca",
                "--profile",
                "client",
                "--out-cert",
                out.toString(),
                "--profiles",
                root.resolve("profiles").toString(),
                "--out",
                root.resolve("keys").toString());

        assertEquals(0, r.code(), r.out() + r.err());
        assertClean(r.out());
        assertTrue(
                r.out().lines().findFirst().orElseThrow().contains("CN=evil\\x1b[2J\\00name\\x0asecond line,"),
                r.out());
        assertTrue(
                Pem.readCertificates(out)
                        .get(0)
                        .getSubjectX500Principal()
                        .getName()
                        .contains("\u001b"),
                "the certificate holds the CSR's subject byte for byte; only the printing escapes it");
    }

    @Test
    void anErrorLineNamingAFileWithANewlineStaysOneLine() {
        Path file = root.resolve("no\nsuch\u001b[31m.pem");

        ToolRun.Result r = ToolRun.caTool("show", file.toString());

        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code());
        assertEquals(root + "/no\\x0asuch\\x1b[31m.pem: no such file", r.errorLine());
    }

    /** No character a terminal acts on, other than the line ends between lines. */
    static void assertClean(String text) {
        assertFalse(text.chars().anyMatch(c -> c != '\n' && Character.isISOControl(c)), text);
    }
}
