package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.internal.x509.NameSyntax;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;
import org.mtlskit.testing.ToolRun;

/**
 * ca-tool verify against the real {@code openssl verify -x509_strict -purpose sslserver|sslclient
 * -verify_hostname|-verify_ip -attime}, on certificate situations built here. Where the two differ
 * on purpose, the case names the difference and the rule each side follows; every other case must
 * get the same verdict from both. Our reasons are checked exactly, in handshake-tool's words.
 */
class VerifyAgreesWithOpensslTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long DAY = 86_400;

    @TempDir
    static Path dir;

    private static final List<String> SUMMARY = new ArrayList<>();

    /**
     * One situation.
     *
     * @param chain      the certificate to verify, then the untrusted intermediates
     * @param expected   our reasons (empty: valid)
     * @param difference null when openssl must give the same verdict; else why it does not
     */
    record Case(
            String name,
            List<Issued> chain,
            List<Issued> anchors,
            String purpose,
            String host,
            Set<VerificationFailure> expected,
            String difference) {}

    private static Set<VerificationFailure> valid() {
        return EnumSet.noneOf(VerificationFailure.class);
    }

    private static Set<VerificationFailure> refused(VerificationFailure first, VerificationFailure... rest) {
        return EnumSet.of(first, rest);
    }

    private static final VerificationFailure NOT_TRUSTED = VerificationFailure.NOT_TRUSTED;
    private static final VerificationFailure EXPIRED = VerificationFailure.EXPIRED;
    private static final VerificationFailure NOT_YET_VALID = VerificationFailure.NOT_YET_VALID;
    private static final VerificationFailure HOSTNAME = VerificationFailure.HOSTNAME_MISMATCH;
    private static final VerificationFailure KEY_USAGE = VerificationFailure.KEY_USAGE;
    private static final VerificationFailure EKU = VerificationFailure.EXTENDED_KEY_USAGE;
    private static final VerificationFailure PROFILE = VerificationFailure.PROFILE;
    private static final VerificationFailure PATH_LENGTH = VerificationFailure.PATH_LENGTH;
    private static final VerificationFailure NAME_SYNTAX = VerificationFailure.NAME_SYNTAX;

    static List<Case> cases() {
        Issued root = TestCertBuilder.ca("Table Root", NOW).build();
        Issued otherRoot = TestCertBuilder.ca("Table Root", NOW).build(); // same DN, other key
        Issued expiredRoot = TestCertBuilder.ca("Expired Root", NOW)
                .validity(NOW.minusSeconds(400 * DAY), NOW.minusSeconds(DAY))
                .build();
        Issued v1Root = TestCertBuilder.ca("V1 Root", NOW).v1().build();
        Issued rootWithoutKeyUsage =
                TestCertBuilder.ca("Root Without KeyUsage", NOW).keyUsage(null).build();
        Issued rootPathLen0 =
                TestCertBuilder.ca("Root PathLen 0", NOW).pathLen(0).build();
        Issued intermediate =
                TestCertBuilder.ca("Intermediate", NOW).issuer(root).build();
        Issued intermediatePathLen0 = TestCertBuilder.ca("Intermediate PathLen 0", NOW)
                .issuer(root)
                .pathLen(0)
                .build();
        Issued belowPathLen0 = TestCertBuilder.ca("Second Intermediate", NOW)
                .issuer(intermediatePathLen0)
                .build();
        Issued intermediateUnderPathLen0Root = TestCertBuilder.ca("Intermediate Under PathLen 0", NOW)
                .issuer(rootPathLen0)
                .build();
        Issued intermediateNotCa = TestCertBuilder.ca("Intermediate CA:FALSE", NOW)
                .issuer(root)
                .notCa()
                .build();
        Issued intermediateNoBc = TestCertBuilder.ca("Intermediate Without BC", NOW)
                .issuer(root)
                .noBasicConstraints()
                .build();
        Issued intermediateNoCertSign = TestCertBuilder.ca("Intermediate Without keyCertSign", NOW)
                .issuer(root)
                .keyUsage(KeyUsage.cRLSign | KeyUsage.digitalSignature)
                .build();
        Issued intermediateExpired = TestCertBuilder.ca("Expired Intermediate", NOW)
                .issuer(root)
                .validity(NOW.minusSeconds(400 * DAY), NOW.minusSeconds(DAY))
                .build();
        Issued intermediateClientEku = TestCertBuilder.ca("Intermediate clientAuth", NOW)
                .issuer(root)
                .eku(KeyPurposeId.id_kp_clientAuth)
                .build();

        List<Case> cases = new ArrayList<>();
        cases.add(serverCase(
                "valid server certificate directly under the root",
                server("localhost", root),
                root,
                "localhost",
                valid(),
                null));
        cases.add(new Case(
                "valid client certificate",
                List.of(TestCertBuilder.leaf("client", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_clientAuth)
                        .dns("client.test")
                        .build()),
                List.of(root),
                "client",
                null,
                valid(),
                null));
        cases.add(new Case(
                "valid server certificate below an intermediate (given as untrusted)",
                List.of(server("localhost", intermediate), intermediate),
                List.of(root),
                "server",
                "localhost",
                valid(),
                null));
        cases.add(serverCase(
                "intermediate missing from the chain",
                server("localhost", intermediate),
                root,
                "localhost",
                refused(NOT_TRUSTED),
                null));
        cases.add(serverCase(
                "expired leaf",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .dns("localhost")
                        .validity(NOW.minusSeconds(30 * DAY), NOW.minusSeconds(DAY))
                        .build(),
                root,
                "localhost",
                refused(EXPIRED),
                null));
        cases.add(serverCase(
                "leaf not yet valid",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .dns("localhost")
                        .validity(NOW.plusSeconds(DAY), NOW.plusSeconds(30 * DAY))
                        .build(),
                root,
                "localhost",
                refused(NOT_YET_VALID),
                null));
        cases.add(new Case(
                "expired intermediate",
                List.of(server("localhost", intermediateExpired), intermediateExpired),
                List.of(root),
                "server",
                "localhost",
                refused(EXPIRED),
                null));
        cases.add(serverCase(
                "expired trust anchor",
                server("localhost", expiredRoot),
                expiredRoot,
                "localhost",
                refused(EXPIRED),
                null));
        cases.add(serverCase(
                "wrong issuer: another CA with the same name",
                server("localhost", otherRoot),
                root,
                "localhost",
                refused(NOT_TRUSTED),
                null));
        cases.add(serverCase(
                "self-signed leaf",
                TestCertBuilder.leaf("localhost", NOW)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .dns("localhost")
                        .build(),
                root,
                "localhost",
                refused(NOT_TRUSTED),
                null));
        cases.add(serverCase(
                "wrong EKU: clientAuth only, used as server",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_clientAuth)
                        .dns("localhost")
                        .build(),
                root,
                "localhost",
                refused(EKU),
                null));
        cases.add(new Case(
                "wrong EKU: serverAuth only, used as client",
                List.of(server("localhost", root)),
                List.of(root),
                "client",
                null,
                refused(EKU),
                null));
        cases.add(serverCase(
                "no EKU at all: any purpose",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .dns("localhost")
                        .build(),
                root,
                "localhost",
                valid(),
                null));
        cases.add(serverCase(
                "anyExtendedKeyUsage only",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.anyExtendedKeyUsage)
                        .dns("localhost")
                        .build(),
                root,
                "localhost",
                valid(),
                "OpenSSL refuses a leaf whose only EKU is anyExtendedKeyUsage for sslserver; RFC 5280 4.2.1.12 lets "
                        + "anyExtendedKeyUsage stand for every purpose (an application MAY refuse it), and mbedTLS "
                        + "and Java accept it, as we do"));
        cases.add(new Case(
                "intermediate with basicConstraints CA:FALSE",
                List.of(server("localhost", intermediateNotCa), intermediateNotCa),
                List.of(root),
                "server",
                "localhost",
                refused(NOT_TRUSTED, PROFILE),
                null));
        cases.add(new Case(
                "intermediate without basicConstraints",
                List.of(server("localhost", intermediateNoBc), intermediateNoBc),
                List.of(root),
                "server",
                "localhost",
                refused(NOT_TRUSTED, PROFILE),
                null));
        cases.add(new Case(
                "pathLen exceeded: root pathLen 0 above an intermediate",
                List.of(server("localhost", intermediateUnderPathLen0Root), intermediateUnderPathLen0Root),
                List.of(rootPathLen0),
                "server",
                "localhost",
                refused(PATH_LENGTH),
                null));
        cases.add(new Case(
                "pathLen exceeded: intermediate pathLen 0 above another CA",
                List.of(server("localhost", belowPathLen0), belowPathLen0, intermediatePathLen0),
                List.of(root),
                "server",
                "localhost",
                refused(PATH_LENGTH),
                null));
        cases.add(new Case(
                "pathLen 0 intermediate signing a leaf is fine",
                List.of(server("localhost", intermediatePathLen0), intermediatePathLen0),
                List.of(root),
                "server",
                "localhost",
                valid(),
                null));
        cases.add(new Case(
                "intermediate without keyCertSign",
                List.of(server("localhost", intermediateNoCertSign), intermediateNoCertSign),
                List.of(root),
                "server",
                "localhost",
                refused(NOT_TRUSTED),
                null));
        cases.add(new Case(
                "intermediate limited to clientAuth above a server leaf",
                List.of(server("localhost", intermediateClientEku), intermediateClientEku),
                List.of(root),
                "server",
                "localhost",
                valid(),
                "OpenSSL applies a CA's extendedKeyUsage to the chain below it; RFC 5280 defines EKU for the "
                        + "certificate that carries it (4.2.1.12) and its path validation (6.1) does not chain it, "
                        + "nor do mbedTLS and Java"));
        cases.add(serverCase(
                "leaf keyUsage keyEncipherment only",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .keyUsage(KeyUsage.keyEncipherment)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .dns("localhost")
                        .build(),
                root,
                "localhost",
                refused(KEY_USAGE),
                "OpenSSL's sslserver purpose accepts keyEncipherment alone (RSA key exchange); we need "
                        + "digitalSignature, which every TLS 1.3 and ECDHE handshake uses (RFC 8446 4.4.2.4, "
                        + "RFC 5280 4.2.1.3): OpenSSL is lenient"));
        cases.add(serverCase(
                "hostname not in the SAN", server("other.test", root), root, "localhost", refused(HOSTNAME), null));
        cases.add(serverCase(
                "no SAN, hostname only in the CN",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .build(),
                root,
                "localhost",
                refused(HOSTNAME),
                "OpenSSL falls back to the CN when a certificate has no DNS SAN; RFC 6125 6.4.4 discourages it and "
                        + "RFC 9525 6.3 forbids it, so we check the SAN only: OpenSSL is lenient"));
        cases.add(serverCase(
                "wildcard matches one label", server("*.example.test", root), root, "www.example.test", valid(), null));
        cases.add(serverCase(
                "wildcard does not match two labels",
                server("*.example.test", root),
                root,
                "a.b.example.test",
                refused(HOSTNAME),
                null));
        cases.add(serverCase(
                "wildcard does not match the bare domain",
                server("*.example.test", root),
                root,
                "example.test",
                refused(HOSTNAME),
                null));
        cases.add(serverCase(
                "DNS names compare without case",
                server("WWW.Example.TEST", root),
                root,
                "www.example.test",
                valid(),
                null));
        cases.add(serverCase(
                "wildcard over a single-label domain",
                server("*.test", root),
                root,
                "host.test",
                refused(HOSTNAME),
                null));
        cases.add(serverCase(
                "partial wildcard w*",
                server("w*.example.test", root),
                root,
                "www.example.test",
                refused(HOSTNAME, NAME_SYNTAX),
                "OpenSSL matches a partial wildcard label (w*.example.test); RFC 9525 6.3 allows '*' only as the "
                        + "whole left-most label, as RFC 6125 6.4.3 already advised: OpenSSL is lenient"));
        cases.add(serverCase(
                "IP address in an IP SAN",
                TestCertBuilder.leaf("ip", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .ip("127.0.0.1")
                        .build(),
                root,
                "127.0.0.1",
                valid(),
                null));
        cases.add(serverCase(
                "IP address not in the IP SAN",
                TestCertBuilder.leaf("ip", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .ip("127.0.0.1")
                        .build(),
                root,
                "127.0.0.2",
                refused(HOSTNAME),
                null));
        cases.add(serverCase(
                "IP address written as a DNS SAN",
                server("127.0.0.1", root),
                root,
                "127.0.0.1",
                refused(HOSTNAME),
                null));
        cases.add(serverCase(
                "IPv6 address in an IP SAN",
                TestCertBuilder.leaf("ip6", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .ip("::1")
                        .build(),
                root,
                "::1",
                valid(),
                null));
        cases.add(serverCase(
                "expired and for another host: every reason",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .dns("other.test")
                        .validity(NOW.minusSeconds(30 * DAY), NOW.minusSeconds(DAY))
                        .build(),
                root,
                "localhost",
                refused(EXPIRED, HOSTNAME),
                null));
        cases.add(
                serverCase("the CA certificate itself as a server", root, root, "localhost", refused(HOSTNAME), null));
        cases.add(serverCase(
                "version 1 root, as the demo's ca.conf makes it",
                server("localhost", v1Root),
                v1Root,
                "localhost",
                valid(),
                "openssl verify -x509_strict refuses a v1 CA certificate; RFC 5280 6.1 takes the trust anchor as "
                        + "input whatever its form, and mbedTLS, Java and openssl without -x509_strict accept a "
                        + "locally trusted v1 root"));
        cases.add(serverCase(
                "root without keyUsage",
                server("localhost", rootWithoutKeyUsage),
                rootWithoutKeyUsage,
                "localhost",
                valid(),
                "openssl verify -x509_strict checks RFC 5280's profile rule that a CA carries keyUsage (4.2.1.3); "
                        + "path validation (6.1) only checks keyCertSign where keyUsage is present, as mbedTLS does"));
        cases.addAll(engineCases(root));
        return cases;
    }

    /** The kinds of case the RFC 5280 engine and the profile checks brought. */
    private static List<Case> engineCases(Issued root) {
        List<Case> cases = new ArrayList<>();
        byte[] unknown = new byte[] {5, 0};
        Issued narrow = TestCertBuilder.ca("Narrow CA", NOW)
                .issuer(root)
                .extension(
                        "2.5.29.30",
                        true,
                        encoded(new NameConstraints(
                                new GeneralSubtree[] {
                                    new GeneralSubtree(new GeneralName(GeneralName.dNSName, "good.test"))
                                },
                                null)))
                .build();
        cases.add(new Case(
                "DNS name outside an intermediate's permitted subtree",
                List.of(server("evil.test", narrow), narrow),
                List.of(root),
                "server",
                "evil.test",
                refused(VerificationFailure.NAME_CONSTRAINT),
                null));
        cases.add(new Case(
                "DNS name inside an intermediate's permitted subtree",
                List.of(server("www.good.test", narrow), narrow),
                List.of(root),
                "server",
                "www.good.test",
                valid(),
                null));
        cases.add(serverCase(
                "unknown critical extension in the leaf",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .dns("localhost")
                        .extension("1.3.6.1.4.1.55555.1", true, unknown)
                        .build(),
                root,
                "localhost",
                refused(VerificationFailure.UNKNOWN_CRITICAL_EXTENSION),
                null));
        Issued oddRoot = TestCertBuilder.ca("Odd Root", NOW)
                .extension("1.3.6.1.4.1.55555.1", true, unknown)
                .build();
        cases.add(serverCase(
                "unknown critical extension in the root",
                server("localhost", oddRoot),
                oddRoot,
                "localhost",
                refused(VerificationFailure.UNKNOWN_CRITICAL_EXTENSION),
                null));
        Issued rollover =
                TestCertBuilder.ca("Rollover CA", NOW).issuer(root).pathLen(0).build();
        Issued rolledOver =
                TestCertBuilder.ca("Rollover CA", NOW).issuer(rollover).build();
        cases.add(new Case(
                "pathLen 0 above a self-issued CA certificate",
                List.of(server("localhost", rolledOver), rolledOver, rollover),
                List.of(root),
                "server",
                "localhost",
                valid(),
                null));
        Issued twin = TestCertBuilder.ca("Twin CA", NOW).issuer(root).build();
        Issued otherTwin = TestCertBuilder.ca("Twin CA", NOW).issuer(root).build();
        cases.add(new Case(
                "two intermediates of one name, the leaf's issuer second",
                List.of(server("localhost", twin), otherTwin, twin),
                List.of(root),
                "server",
                "localhost",
                valid(),
                null));
        cases.add(serverCase(
                "leaf without authorityKeyIdentifier",
                TestCertBuilder.leaf("localhost", NOW)
                        .issuer(root)
                        .eku(KeyPurposeId.id_kp_serverAuth)
                        .dns("localhost")
                        .noAuthorityKeyId()
                        .build(),
                root,
                "localhost",
                refused(PROFILE),
                null));
        Issued softRoot = TestCertBuilder.ca("Soft Root", NOW)
                .noBasicConstraints()
                .extension("2.5.29.19", false, encoded(new BasicConstraints(true)))
                .build();
        cases.add(serverCase(
                "root whose basicConstraints is not critical",
                server("localhost", softRoot),
                softRoot,
                "localhost",
                refused(PROFILE),
                null));
        Issued softPolicy = TestCertBuilder.ca("Soft Policy CA", NOW)
                .issuer(root)
                .extension("2.5.29.36", false, encoded(new PolicyConstraints(null, BigInteger.ONE)))
                .build();
        cases.add(new Case(
                "intermediate with a non-critical policyConstraints",
                List.of(server("localhost", softPolicy), softPolicy),
                List.of(root),
                "server",
                "localhost",
                refused(PROFILE),
                "RFC 5280 4.2.1.11 says conforming CAs MUST mark policyConstraints critical; OpenSSL does not check "
                        + "it: OpenSSL is lenient"));
        cases.add(serverCase(
                "underscore in a DNS SAN",
                server("under_score.test", root),
                root,
                "under_score.test",
                refused(NAME_SYNTAX),
                "a dNSName must be in the preferred name syntax (RFC 5280 4.2.1.6, RFC 1034 "
                        + "3.5), which has no underscore; OpenSSL does not check SAN syntax: OpenSSL is lenient"));
        return cases;
    }

    private static byte[] encoded(org.bouncycastle.asn1.ASN1Object o) {
        try {
            return o.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Issued server(String dns, Issued issuer) {
        return TestCertBuilder.leaf("localhost", NOW)
                .issuer(issuer)
                .eku(KeyPurposeId.id_kp_serverAuth)
                .dns(dns)
                .build();
    }

    private static Case serverCase(
            String name,
            Issued leaf,
            Issued anchor,
            String host,
            Set<VerificationFailure> expected,
            String difference) {
        return new Case(name, List.of(leaf), List.of(anchor), "server", host, expected, difference);
    }

    @TestFactory
    Stream<DynamicTest> verifyGivesOpensslsVerdictExceptWhereNamed() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 20, "the table needs at least 20 situations");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path caseDir = dir.resolve("case" + i);
            tests.add(DynamicTest.dynamicTest(c.name(), () -> check(c, caseDir)));
        }
        return tests.stream();
    }

    private static void check(Case c, Path caseDir) throws IOException {
        Files.createDirectories(caseDir);
        Path leaf = write(caseDir.resolve("leaf.pem"), c.chain().subList(0, 1));
        Path anchors = write(caseDir.resolve("ca.pem"), c.anchors());
        List<String> args = new ArrayList<>(List.of(
                "verify",
                leaf.toString(),
                "--ca",
                anchors.toString(),
                "--purpose",
                c.purpose(),
                "--at",
                NOW.toString(),
                "--json"));
        List<String> openssl = new ArrayList<>(List.of(
                "verify",
                "-x509_strict",
                "-purpose",
                c.purpose().equals("server") ? "sslserver" : "sslclient",
                "-attime",
                Long.toString(NOW.getEpochSecond()),
                "-CAfile",
                anchors.toString()));
        if (c.chain().size() > 1) {
            Path untrusted = write(
                    caseDir.resolve("untrusted.pem"),
                    c.chain().subList(1, c.chain().size()));
            args.addAll(List.of("--untrusted", untrusted.toString()));
            openssl.addAll(List.of("-untrusted", untrusted.toString()));
        }
        if (c.host() != null) {
            args.addAll(List.of("--hostname", c.host()));
            openssl.addAll(List.of(NameSyntax.isIpLiteral(c.host()) ? "-verify_ip" : "-verify_hostname", c.host()));
        }
        openssl.add(leaf.toString());

        ToolRun.Result ours = ToolRun.caTool(args.toArray(String[]::new));
        JsonNode json = new ObjectMapper().readTree(ours.out());
        Set<VerificationFailure> failures = EnumSet.noneOf(VerificationFailure.class);
        json.get("failures")
                .forEach(f ->
                        failures.add(VerificationFailure.valueOf(f.get("code").asText())));
        Programs.Result theirs = Programs.openssl(caseDir, openssl.toArray(String[]::new));

        boolean oursValid = failures.isEmpty();
        boolean opensslValid = theirs.code() == 0;
        synchronized (SUMMARY) {
            SUMMARY.add(String.format(
                    "%-70s ca-tool %-8s openssl %-8s%s",
                    c.name(),
                    oursValid ? "valid" : "refused",
                    opensslValid ? "valid" : "refused",
                    c.difference() == null ? "" : "  (named difference)"));
        }
        assertEquals(c.expected(), failures, "ca-tool verify's reasons for: " + c.name() + "\n" + ours.out());
        assertEquals(oursValid ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED, ours.code());
        String detail = c.name() + "\nopenssl " + String.join(" ", openssl) + "\n" + theirs.output();
        if (c.difference() == null) {
            assertEquals(oursValid, opensslValid, "ca-tool and openssl disagree on: " + detail);
        } else {
            assertNotEquals(
                    oursValid,
                    opensslValid,
                    "a named difference that is not there (any more): " + detail + "\nnamed: " + c.difference());
        }
    }

    private static Path write(Path file, List<Issued> certs) {
        try {
            Files.writeString(
                    file, Pem.certificates(certs.stream().map(Issued::cert).toList()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void printSummary() {
        System.out.println("ca-tool verify against openssl verify -x509_strict:");
        SUMMARY.forEach(System.out::println);
    }
}
