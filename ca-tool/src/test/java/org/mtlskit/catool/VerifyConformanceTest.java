package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.catool.ConformanceCases.Case;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.internal.x509.NameSyntax;
import org.mtlskit.pki.testing.Programs;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;
import org.mtlskit.testing.ToolRun;

/**
 * The conformance table beside PKITS: situations of each kind (malformed extensions, name
 * constraints, the Web PKI profile, chains once refused by mistake), each with our expected
 * verdict and reasons, the rule behind it, and the verdict of {@code openssl verify -x509_strict},
 * which is run on the same files and must be the one recorded. Each kind holds accepted and
 * refused cases; the table is printed at the end and written to target/verify-conformance.md.
 */
class VerifyConformanceTest {
    @TempDir
    static Path dir;

    private static final Map<Integer, String> ROWS = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> eachCaseGetsItsExpectedVerdictAndOpensslsIsTheRecordedOne() {
        List<Case> cases = ConformanceCases.all();
        Map<String, Set<Boolean>> directions = new TreeMap<>();
        cases.forEach(c -> directions
                .computeIfAbsent(c.kind(), k -> new java.util.HashSet<>())
                .add(c.expected().isEmpty()));
        directions.forEach(
                (kind, seen) -> assertEquals(Set.of(true, false), seen, kind + " has cases in both directions"));
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            int n = i;
            tests.add(DynamicTest.dynamicTest(c.kind() + ": " + c.name(), () -> check(n, c, dir.resolve("case" + n))));
        }
        return tests.stream();
    }

    private static void check(int n, Case c, Path caseDir) throws IOException {
        Files.createDirectories(caseDir);
        Path leaf = write(caseDir.resolve("leaf.pem"), c.chain().subList(0, 1));
        Path anchors = write(caseDir.resolve("ca.pem"), c.anchors());
        List<String> args = new ArrayList<>(List.of(
                "verify",
                leaf.toString(),
                "--ca",
                anchors.toString(),
                "--purpose",
                "server",
                "--rules",
                c.rules(),
                "--at",
                ConformanceCases.NOW.toString(),
                "--json"));
        List<String> openssl = new ArrayList<>(List.of(
                "verify",
                "-x509_strict",
                "-purpose",
                "sslserver",
                "-attime",
                Long.toString(ConformanceCases.NOW.getEpochSecond()),
                "-CAfile",
                anchors.toString()));
        if (c.chain().size() > 1) {
            Path untrusted = write(
                    caseDir.resolve("untrusted.pem"),
                    c.chain().subList(1, c.chain().size()));
            args.addAll(List.of("--untrusted", untrusted.toString()));
            openssl.addAll(List.of("-untrusted", untrusted.toString()));
        }
        args.addAll(List.of("--hostname", c.host()));
        openssl.addAll(List.of(NameSyntax.isIpLiteral(c.host()) ? "-verify_ip" : "-verify_hostname", c.host()));
        openssl.add(leaf.toString());

        ToolRun.Result ours = ToolRun.caTool(args.toArray(String[]::new));
        assertEquals("", ours.err(), c.name());
        JsonNode json = new ObjectMapper().readTree(ours.out());
        Set<VerificationFailure> failures = EnumSet.noneOf(VerificationFailure.class);
        json.get("failures")
                .forEach(f ->
                        failures.add(VerificationFailure.valueOf(f.get("code").asText())));
        List<String> reasons = new ArrayList<>();
        json.get("reasons").forEach(r -> reasons.add(r.asText()));
        json.get("malformed").forEach(r -> reasons.add(r.asText()));
        Programs.Result theirs = Programs.openssl(caseDir, openssl.toArray(String[]::new));
        boolean opensslValid = theirs.code() == 0;
        synchronized (ROWS) {
            ROWS.put(
                    n,
                    "| " + c.kind() + " | " + c.name() + " | " + c.rules() + " | "
                            + (failures.isEmpty()
                                    ? "valid"
                                    : "refused: "
                                            + String.join(
                                                    ", ",
                                                    failures.stream()
                                                            .map(VerificationFailure::words)
                                                            .toList()))
                            + " | " + (opensslValid ? "valid" : "refused: " + firstError(theirs.output())) + " | "
                            + c.rule() + " |");
        }
        assertEquals(c.expected(), failures, c.name() + "\n" + ours.out());
        assertEquals(failures.isEmpty() ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED, ours.code(), c.name());
        if (c.reason() != null) {
            assertTrue(
                    reasons.stream().anyMatch(r -> r.contains(c.reason())),
                    c.name() + ": a reason holds \"" + c.reason() + "\": " + reasons);
        }
        assertEquals(
                c.openssl(),
                opensslValid,
                "openssl's recorded verdict on: " + c.name() + "\nopenssl " + String.join(" ", openssl) + "\n"
                        + theirs.output());
    }

    private static String firstError(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("error ")) {
                return line.replaceFirst("^error \\d+ at \\d+ depth lookup: ", "")
                        .replace("|", "/");
            }
        }
        return output.replace("\n", " ").replace("|", "/");
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
    static void writeTable() throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "| kind | case | rules | ca-tool verify | openssl verify -x509_strict | rule |",
                "| --- | --- | --- | --- | --- | --- |"));
        lines.addAll(ROWS.values());
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/verify-conformance.md"), lines);
        lines.forEach(System.out::println);
    }
}
