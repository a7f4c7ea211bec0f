package org.mtlskit.catool;

import static org.mtlskit.catool.ConformanceCases.ROOT;
import static org.mtlskit.catool.ConformanceCases.constrained;
import static org.mtlskit.catool.ConformanceCases.dns;
import static org.mtlskit.catool.ConformanceCases.refused;
import static org.mtlskit.catool.ConformanceCases.rfc;
import static org.mtlskit.catool.ConformanceCases.server;
import static org.mtlskit.catool.ConformanceCases.valid;
import static org.mtlskit.catool.ConformanceCases.web;

import java.util.List;
import org.mtlskit.catool.ConformanceCases.Case;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;

/** The conformance table's name-constraint situations: the budget, wildcards, constraint syntax. */
final class ConformanceNameCases {
    private ConformanceNameCases() {}

    private static final VerificationFailure NC = VerificationFailure.NAME_CONSTRAINT;

    static List<Case> all() {
        String budget = "name constraints";
        String wild =
                "RFC 5280 4.2.1.10 with RFC 6125 6.4.3: a wildcard stands for every name one label under its base";
        Issued over = constrained("Over Budget CA", true, null, dns(names("excluded", 600)));
        Issued under = constrained("Under Budget CA", true, null, dns(names("excluded", 300)));
        Issued excludesOneBelow = constrained("Excludes secret CA", true, null, dns("secret.example.com"));
        Issued excludesBase = constrained("Excludes example.com CA", true, null, dns("example.com"));
        Issued excludesTwoBelow = constrained("Excludes a.secret CA", true, null, dns("a.secret.example.com"));
        Issued permitsOneName = constrained("Permits www CA", true, dns("www.example.com"), null);
        Issued permitsDomain = constrained("Permits example.com CA", true, dns("example.com"), null);
        Issued leadingPeriod = constrained("Leading Period CA", true, dns(".example.com"), null);
        return List.of(
                rfc(
                        budget,
                        "600 names under 600 excluded subtrees (360,600 comparisons)",
                        server("www.example.com", over)
                                .dns("www.example.com")
                                .dns(names("name", 599))
                                .build(),
                        List.of(over),
                        ROOT,
                        "www.example.com",
                        refused(VerificationFailure.NAME_CONSTRAINT_BUDGET),
                        "more than the 250000 allowed per path",
                        "a budget of 250,000 comparisons per path, as Go and rustls",
                        true),
                rfc(
                        budget,
                        "300 names under 300 excluded subtrees (90,300 comparisons)",
                        server("www.example.com", under)
                                .dns("www.example.com")
                                .dns(names("name", 299))
                                .build(),
                        List.of(under),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 5280 6.1.3 (b), (c), within the budget",
                        true),
                rfc(
                        budget,
                        "wildcard whose names include an excluded subtree",
                        server("*.example.com", excludesOneBelow)
                                .dns("*.example.com")
                                .build(),
                        List.of(excludesOneBelow),
                        ROOT,
                        "www.example.com",
                        refused(NC),
                        "stands for names in secret.example.com",
                        wild,
                        true),
                web(
                        budget,
                        "wildcard whose names include an excluded subtree (webpki)",
                        server("*.example.com", excludesOneBelow)
                                .dns("*.example.com")
                                .build(),
                        List.of(excludesOneBelow),
                        ROOT,
                        "www.example.com",
                        refused(NC),
                        "stands for names in secret.example.com",
                        wild,
                        true),
                rfc(
                        budget,
                        "wildcard under an excluded subtree that holds its base",
                        server("*.example.com", excludesBase)
                                .dns("*.example.com")
                                .build(),
                        List.of(excludesBase),
                        ROOT,
                        "www.example.com",
                        refused(NC),
                        "stands for names in example.com",
                        wild,
                        false),
                rfc(
                        budget,
                        "wildcard beside an excluded subtree two labels down",
                        server("*.example.com", excludesTwoBelow)
                                .dns("*.example.com")
                                .build(),
                        List.of(excludesTwoBelow),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        wild + "; a.secret.example.com is none of them",
                        true),
                rfc(
                        budget,
                        "wildcard under a permitted subtree narrower than it",
                        server("*.example.com", permitsOneName)
                                .dns("*.example.com")
                                .build(),
                        List.of(permitsOneName),
                        ROOT,
                        "www.example.com",
                        refused(NC),
                        null,
                        wild + "; not every one is permitted",
                        false),
                rfc(
                        budget,
                        "wildcard under a permitted subtree that holds all its names",
                        server("*.example.com", permitsDomain)
                                .dns("*.example.com")
                                .build(),
                        List.of(permitsDomain),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        wild,
                        true),
                web(
                        budget,
                        "wildcard under a permitted subtree that holds all its names (webpki)",
                        server("*.example.com", permitsDomain)
                                .dns("*.example.com")
                                .build(),
                        List.of(permitsDomain),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        wild,
                        true),
                rfc(
                        budget,
                        "dNSName constraint with a leading period",
                        server("www.example.com", leadingPeriod)
                                .dns("www.example.com")
                                .build(),
                        List.of(leadingPeriod),
                        ROOT,
                        "www.example.com",
                        refused(VerificationFailure.NAME_SYNTAX),
                        null,
                        "RFC 5280 4.2.1.10: a leading period is URI constraint syntax, not dNSName",
                        true),
                rfc(
                        budget,
                        "the same constraint without the period",
                        server("www.example.com", permitsDomain)
                                .dns("www.example.com")
                                .build(),
                        List.of(permitsDomain),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 5280 4.2.1.10",
                        true));
    }

    static String[] names(String prefix, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = prefix + i + ".example.net";
        }
        return out;
    }
}
