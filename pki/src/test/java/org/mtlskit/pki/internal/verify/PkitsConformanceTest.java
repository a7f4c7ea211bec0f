package org.mtlskit.pki.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * NIST PKITS through the verifier ca-tool verify calls, with the suite's default inputs: the
 * trust anchor, every other certificate of the suite as untrusted intermediates, every CRL (so
 * revocation is checked for the whole path), any policy. Each Valid/Invalid case must agree,
 * or be one of {@link #DEVIATIONS}, each with its RFC section and reason. The suite is made of
 * RSA-1024 keys and SHA-1 signatures (2011), under the algorithm floor every TLS stack applies, so
 * it runs with that floor lifted ({@code weakAlgorithmsAllowed}, ca-tool verify --allow-weak-algorithms);
 * a test below shows the floor refusing the suite's first valid path.
 */
class PkitsConformanceTest {
    /** Inside the suite's validity (its certificates and CRLs run from 2001 to 2011, whatever its README says). */
    private static final Instant AT = Instant.parse("2010-06-01T00:00:00Z");

    private static final String NON_CRITICAL_POLICY_CONSTRAINTS = "RFC 5280 4.2.1.11: conforming CAs MUST mark "
            + "policyConstraints critical; this case's CAs (PKITS was written for RFC 3280) carry a non-critical one. "
            + "Our profile check refuses it (a rule path validation in section 6 does not have).";

    /** Cases where our verdict knowingly differs from PKITS's, with why. */
    static final Map<String, String> DEVIATIONS = Map.ofEntries(
            Map.entry(
                    "ValidbasicConstraintsNotCriticalTest4EE",
                    "RFC 5280 4.2.1.9: conforming CAs MUST mark "
                            + "basicConstraints critical in a CA certificate; the CA of this case does not. Our profile check "
                            + "refuses it, as openssl verify -x509_strict does."),
            Map.entry("ValidPolicyMappingTest1EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidPolicyMappingTest3EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidPolicyMappingTest5EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidPolicyMappingTest6EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidPolicyMappingTest9EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidPolicyMappingTest11EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidPolicyMappingTest12EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidPolicyMappingTest13EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidPolicyMappingTest14EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidSelfIssuedinhibitAnyPolicyTest7EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidSelfIssuedinhibitAnyPolicyTest9EE", NON_CRITICAL_POLICY_CONSTRAINTS),
            Map.entry("ValidinhibitAnyPolicyTest2EE", NON_CRITICAL_POLICY_CONSTRAINTS));

    @Test
    void everyValidAndInvalidCaseAgreesOrIsAListedDeviation() throws Exception {
        Path root = pkits();
        Assumptions.assumeTrue(root != null, "no PKITS data at ../shared/testdata/pkits (fails with CI=true)");
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Map<String, X509Certificate> certs = new TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve("certs"))) {
            for (Path f : files.toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    certs.put(f.getFileName().toString().replace(".crt", ""), (X509Certificate)
                            factory.generateCertificate(in));
                }
            }
        }
        List<X509CRL> crls = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("crls"))) {
            for (Path f : files.toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    crls.add((X509CRL) factory.generateCRL(in));
                }
            }
        }
        X509Certificate anchor = certs.get("TrustAnchorRootCertificate");
        List<X509Certificate> cas = certs.entrySet().stream()
                .filter(e -> !e.getKey().endsWith("EE") && !e.getKey().equals("TrustAnchorRootCertificate"))
                .map(Map.Entry::getValue)
                .toList();
        int agree = 0;
        int deviations = 0;
        List<String> wrong = new ArrayList<>();
        for (var e : certs.entrySet()) {
            String name = e.getKey();
            boolean valid = name.startsWith("Valid");
            if (!valid && !name.startsWith("Invalid")) {
                continue;
            }
            Set<VerificationFailure> failures =
                    CertificateVerifier.verify(VerificationRequest.of(List.of(e.getValue()), List.of(anchor), AT)
                            .untrusted(cas)
                            .crls(crls)
                            .weakAlgorithmsAllowed(true));
            boolean agrees = failures.isEmpty() == valid;
            if (agrees) {
                agree++;
            } else if (DEVIATIONS.containsKey(name)) {
                deviations++;
            } else {
                wrong.add(name + " " + failures);
            }
        }
        System.out.println(
                "PKITS: " + agree + " agree, " + deviations + " listed deviations, " + wrong.size() + " wrong");
        wrong.forEach(w -> System.out.println("  " + w));
        assertTrue(wrong.isEmpty(), "verdicts that disagree with PKITS and are not listed: " + wrong);
        assertFalse(agree == 0);
    }

    @Test
    void theAlgorithmFloorRefusesTheSuitesSha1AndRsa1024Path() throws Exception {
        Path root = pkits();
        Assumptions.assumeTrue(root != null, "no PKITS data at ../shared/testdata/pkits (fails with CI=true)");
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate anchor = read(factory, root.resolve("certs/TrustAnchorRootCertificate.crt"));
        X509Certificate ca = read(factory, root.resolve("certs/GoodCACert.crt"));
        X509Certificate leaf = read(factory, root.resolve("certs/ValidCertificatePathTest1EE.crt"));
        VerificationRequest request = VerificationRequest.of(List.of(leaf, ca), List.of(anchor), AT);
        assertEquals(Set.of(), CertificateVerifier.verify(request.weakAlgorithmsAllowed(true)));
        assertEquals(
                Set.of(VerificationFailure.BAD_HASH, VerificationFailure.BAD_KEY), CertificateVerifier.verify(request));
    }

    private static X509Certificate read(CertificateFactory factory, Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) factory.generateCertificate(in);
        }
    }

    /** ../shared/testdata/pkits beside the repository; null when absent (a failure with CI=true). */
    static Path pkits() {
        for (Path p : List.of(Path.of("../shared/testdata/pkits"), Path.of("../../shared/testdata/pkits"))) {
            if (Files.isDirectory(p.resolve("certs"))) {
                return p;
            }
        }
        assertEquals(null, System.getenv("CI") == null ? null : "", "CI=true but ../shared/testdata/pkits is missing");
        return null;
    }
}
