package org.mtlskit.catool;

import static org.mtlskit.catool.ConformanceCases.NOW;
import static org.mtlskit.catool.ConformanceCases.ROOT;
import static org.mtlskit.catool.ConformanceCases.caAsLeaf;
import static org.mtlskit.catool.ConformanceCases.constrained;
import static org.mtlskit.catool.ConformanceCases.dns;
import static org.mtlskit.catool.ConformanceCases.refused;
import static org.mtlskit.catool.ConformanceCases.rfc;
import static org.mtlskit.catool.ConformanceCases.server;
import static org.mtlskit.catool.ConformanceCases.valid;
import static org.mtlskit.catool.ConformanceCases.web;

import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Extension;
import org.mtlskit.catool.ConformanceCases.Case;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;

/** The conformance table's chains a conformant validator accepts, each beside the near case it refuses. */
final class ConformanceAcceptCases {
    private ConformanceAcceptCases() {}

    static List<Case> all() {
        String k = "accepted chains";
        Issued leafPathLen = server("www.example.com", ROOT)
                .dns("www.example.com")
                .noBasicConstraints()
                .extension(Extension.basicConstraints, true, new DERSequence(new ASN1Integer(0)))
                .build();
        Issued intermediate =
                TestCertBuilder.ca("Swap Intermediate", NOW).issuer(ROOT).build();
        Issued underIntermediate =
                server("www.example.com", intermediate).dns("www.example.com").build();
        // distributed trust: one intermediate key certified by two roots, and each root cross-certifying the other
        Issued rootB = TestCertBuilder.ca("Second Root", NOW).build();
        Issued stranger = TestCertBuilder.ca("Stranger Root", NOW).build();
        Issued shared =
                TestCertBuilder.ca("Shared Intermediate", NOW).issuer(ROOT).build();
        Issued sharedByB = TestCertBuilder.ca("Shared Intermediate", NOW)
                .issuer(rootB)
                .key(shared.key())
                .build();
        Issued bByA = TestCertBuilder.ca("Second Root", NOW)
                .issuer(ROOT)
                .key(rootB.key())
                .build();
        Issued aByB = TestCertBuilder.ca("Conformance Root", NOW)
                .issuer(rootB)
                .key(ROOT.key())
                .build();
        Issued underShared =
                server("www.example.com", shared).dns("www.example.com").build();
        List<Issued> crossed = List.of(sharedByB, aByB, bByA, shared);
        Issued nonCritical = constrained("Non-critical NC CA", false, dns("example.com"), null);
        Issued critical = constrained("Critical NC CA", true, dns("example.com"), null);
        String nc = "BR 7.1.2.10.8: nameConstraints SHOULD be critical; RFC 5280 4.2.1.10: MUST";
        return List.of(
                rfc(
                        k,
                        "leaf with a pathLenConstraint and cA FALSE",
                        leafPathLen,
                        List.of(),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 5280 6.1.4 (m): pathLen is processed for CA certificates only",
                        false),
                web(
                        k,
                        "leaf with a pathLenConstraint and cA FALSE (webpki)",
                        leafPathLen,
                        List.of(),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 5280 6.1.4 (m)",
                        false),
                rfc(
                        k,
                        "CA certificate (keyCertSign only) as the server leaf",
                        caAsLeaf(),
                        List.of(),
                        ROOT,
                        "ca.example.com",
                        valid(),
                        null,
                        "RFC 5280 ties no keyUsage to TLS; 6.1 does not look at the leaf's cA",
                        false),
                rfc(
                        k,
                        "root before the intermediate in the untrusted set",
                        underIntermediate,
                        List.of(ROOT, intermediate),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 4158: the order of the given certificates is no path",
                        true),
                web(
                        k,
                        "root before the intermediate in the untrusted set (webpki)",
                        underIntermediate,
                        List.of(ROOT, intermediate),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 4158",
                        true),
                rfc(
                        k,
                        "intermediate missing (the near refusal)",
                        underIntermediate,
                        List.of(ROOT),
                        ROOT,
                        "www.example.com",
                        refused(VerificationFailure.NOT_TRUSTED),
                        null,
                        "RFC 5280 6.1: no path to a trust anchor",
                        false),
                rfc(
                        k,
                        "cross-signed chain, trusting the first root",
                        underShared,
                        crossed,
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 4158: distributed trust, any path to an anchor",
                        true),
                rfc(
                        k,
                        "cross-signed chain, trusting the second root",
                        underShared,
                        crossed,
                        rootB,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 4158: distributed trust, any path to an anchor",
                        true),
                web(
                        k,
                        "cross-signed chain, trusting the second root (webpki)",
                        underShared,
                        crossed,
                        rootB,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 4158",
                        true),
                rfc(
                        k,
                        "cross-signed chain, trusting neither root",
                        underShared,
                        crossed,
                        stranger,
                        "www.example.com",
                        refused(VerificationFailure.NOT_TRUSTED),
                        null,
                        "RFC 5280 6.1: no path to a trust anchor",
                        false),
                rfc(
                        k,
                        "cross-signed intermediate trusted itself",
                        underShared,
                        List.of(),
                        sharedByB,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 5280 6.1.1 (d): a trust anchor is a name and a key, self-signed or not",
                        false),
                web(
                        k,
                        "non-critical nameConstraints (webpki)",
                        server("www.example.com", nonCritical)
                                .dns("www.example.com")
                                .build(),
                        List.of(nonCritical),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        nc,
                        true),
                rfc(
                        k,
                        "non-critical nameConstraints (rfc5280)",
                        server("www.example.com", nonCritical)
                                .dns("www.example.com")
                                .build(),
                        List.of(nonCritical),
                        ROOT,
                        "www.example.com",
                        refused(VerificationFailure.PROFILE),
                        null,
                        nc,
                        true),
                web(
                        k,
                        "SAN inside a permitted subtree (webpki)",
                        server("www.example.com", critical)
                                .dns("www.example.com")
                                .build(),
                        List.of(critical),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 5280 4.2.1.10",
                        true),
                web(
                        k,
                        "SAN outside the permitted subtree (webpki)",
                        server("www.example.org", critical)
                                .dns("www.example.org")
                                .build(),
                        List.of(critical),
                        ROOT,
                        "www.example.org",
                        refused(VerificationFailure.NAME_CONSTRAINT),
                        null,
                        "RFC 5280 4.2.1.10",
                        false),
                web(
                        k,
                        "exact localhost SAN",
                        server("localhost", ROOT).dns("localhost").build(),
                        List.of(),
                        ROOT,
                        "localhost",
                        valid(),
                        null,
                        "RFC 6125 6.4.1: exact match",
                        true),
                web(
                        k,
                        "IPv4 SAN and CN 127.0.0.1",
                        server("127.0.0.1", ROOT).ip("127.0.0.1").build(),
                        List.of(),
                        ROOT,
                        "127.0.0.1",
                        valid(),
                        null,
                        "RFC 5280 4.2.1.6, BR 7.1.4.3",
                        true),
                web(
                        k,
                        "IPv6 SAN and CN ::1",
                        server("::1", ROOT).ip("::1").build(),
                        List.of(),
                        ROOT,
                        "::1",
                        valid(),
                        null,
                        "RFC 5280 4.2.1.6, BR 7.1.4.3, RFC 5952",
                        true),
                web(
                        k,
                        "left-most wildcard SAN",
                        server("*.example.com", ROOT).dns("*.example.com").build(),
                        List.of(),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "BR 1.6.1 Wildcard Domain Name, RFC 6125 6.4.3",
                        true),
                web(
                        k,
                        "wildcard not left-most",
                        server("www.*.example.com", ROOT)
                                .dns("www.*.example.com")
                                .build(),
                        List.of(),
                        ROOT,
                        "www.a.example.com",
                        refused(VerificationFailure.NAME_SYNTAX, VerificationFailure.HOSTNAME_MISMATCH),
                        null,
                        "RFC 6125 6.4.3: only the left-most label may be a wildcard",
                        false));
    }
}
