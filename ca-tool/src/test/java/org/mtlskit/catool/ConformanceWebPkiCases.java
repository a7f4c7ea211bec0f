package org.mtlskit.catool;

import static org.mtlskit.catool.ConformanceCases.NOW;
import static org.mtlskit.catool.ConformanceCases.ROOT;
import static org.mtlskit.catool.ConformanceCases.aia;
import static org.mtlskit.catool.ConformanceCases.caAsLeaf;
import static org.mtlskit.catool.ConformanceCases.refused;
import static org.mtlskit.catool.ConformanceCases.rfc;
import static org.mtlskit.catool.ConformanceCases.rootWithAki;
import static org.mtlskit.catool.ConformanceCases.server;
import static org.mtlskit.catool.ConformanceCases.valid;
import static org.mtlskit.catool.ConformanceCases.web;

import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.mtlskit.catool.ConformanceCases.Case;
import org.mtlskit.pki.internal.verify.VerificationFailure;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;

/** The conformance table's Web PKI situations: each Baseline Requirements rule, broken and kept. */
final class ConformanceWebPkiCases {
    private ConformanceWebPkiCases() {}

    private static final VerificationFailure W = VerificationFailure.WEB_PKI;

    static List<Case> all() {
        String k = "webpki profile";
        Issued noEku = TestCertBuilder.leaf("www.example.com", NOW)
                .issuer(ROOT)
                .dns("www.example.com")
                .build();
        Issued anyEku = TestCertBuilder.leaf("www.example.com", NOW)
                .issuer(ROOT)
                .eku(KeyPurposeId.anyExtendedKeyUsage)
                .dns("www.example.com")
                .build();
        Issued good = server("www.example.com", ROOT).dns("www.example.com").build();
        Issued akiNoKeyId = TestCertBuilder.ca("AKI Without KeyId Root", NOW)
                .serial(BigInteger.valueOf(4242))
                .noAuthorityKeyId()
                .extension(
                        org.bouncycastle.asn1.x509.Extension.authorityKeyIdentifier,
                        false,
                        new AuthorityKeyIdentifier(
                                new GeneralNames(new GeneralName(new X500Name("CN=AKI Without KeyId Root"))),
                                BigInteger.valueOf(4242)))
                .build();
        Issued akiEmpty = rootWithAki("Empty AKI Root", new DERSequence());
        Issued clientCa = TestCertBuilder.ca("Client-only CA", NOW)
                .issuer(ROOT)
                .eku(KeyPurposeId.id_kp_clientAuth)
                .build();
        Issued serverCa = TestCertBuilder.ca("Server CA", NOW)
                .issuer(ROOT)
                .eku(KeyPurposeId.id_kp_serverAuth)
                .build();
        return List.of(
                web(
                        k,
                        "leaf without extendedKeyUsage",
                        noEku,
                        List.of(),
                        ROOT,
                        "www.example.com",
                        refused(W),
                        "BR 7.1.2.7.10",
                        "BR 7.1.2.7.10: extKeyUsage MUST be present, with id-kp-serverAuth",
                        true),
                rfc(
                        k,
                        "leaf without extendedKeyUsage (rfc5280)",
                        noEku,
                        List.of(),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 5280 4.2.1.12: no EKU, no restriction",
                        true),
                web(
                        k,
                        "leaf with anyExtendedKeyUsage only",
                        anyEku,
                        List.of(),
                        ROOT,
                        "www.example.com",
                        refused(W),
                        "BR 7.1.2.7.10",
                        "BR 7.1.2.7.10: anyExtendedKeyUsage MUST NOT be present",
                        false),
                web(
                        k,
                        "leaf with serverAuth",
                        good,
                        List.of(),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "BR 7.1.2.7.10",
                        true),
                web(
                        k,
                        "CA whose EKU lacks serverAuth",
                        server("www.example.com", clientCa)
                                .dns("www.example.com")
                                .build(),
                        List.of(clientCa),
                        ROOT,
                        "www.example.com",
                        refused(W),
                        "BR 7.1.2.10.6",
                        "BR 7.1.2.10.6: a TLS CA's EKU holds id-kp-serverAuth",
                        false),
                web(
                        k,
                        "CA whose EKU holds serverAuth",
                        server("www.example.com", serverCa)
                                .dns("www.example.com")
                                .build(),
                        List.of(serverCa),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "BR 7.1.2.10.6",
                        true),
                web(
                        k,
                        "root AKI with issuer and serial, no keyIdentifier",
                        server("www.example.com", akiNoKeyId)
                                .dns("www.example.com")
                                .build(),
                        List.of(),
                        akiNoKeyId,
                        "www.example.com",
                        refused(W),
                        "BR 7.1.2.11.1",
                        "BR 7.1.2.1.3, 7.1.2.11.1: keyIdentifier MUST be present, issuer and serial MUST NOT",
                        true),
                rfc(
                        k,
                        "root AKI with issuer and serial, no keyIdentifier (rfc5280)",
                        server("www.example.com", akiNoKeyId)
                                .dns("www.example.com")
                                .build(),
                        List.of(),
                        akiNoKeyId,
                        "www.example.com",
                        valid(),
                        null,
                        "RFC 5280 4.2.1.1: the AKI of a self-signed certificate is optional in any form",
                        true),
                web(
                        k,
                        "root with an empty AKI",
                        server("www.example.com", akiEmpty)
                                .dns("www.example.com")
                                .build(),
                        List.of(),
                        akiEmpty,
                        "www.example.com",
                        refused(W),
                        "BR 7.1.2.11.1",
                        "BR 7.1.2.1.3",
                        true),
                web(
                        k,
                        "AIA caIssuers as a dNSName",
                        aia("www.example.com", new GeneralName(GeneralName.dNSName, "ca.example.com")),
                        List.of(),
                        ROOT,
                        "www.example.com",
                        refused(W),
                        "BR 7.1.2.7.7",
                        "BR 7.1.2.7.7: each accessLocation is an HTTP URL",
                        true),
                web(
                        k,
                        "AIA caIssuers as an ldap URI",
                        aia(
                                "www.example.com",
                                new GeneralName(GeneralName.uniformResourceIdentifier, "ldap://ca.example.com/cn=ca")),
                        List.of(),
                        ROOT,
                        "www.example.com",
                        refused(W),
                        "BR 7.1.2.7.7",
                        "BR 7.1.2.7.7",
                        true),
                web(
                        k,
                        "AIA caIssuers as an http URI",
                        aia(
                                "www.example.com",
                                new GeneralName(GeneralName.uniformResourceIdentifier, "http://ca.example.com/ca.crt")),
                        List.of(),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "BR 7.1.2.7.7",
                        true),
                web(
                        k,
                        "Ed25519 leaf key",
                        server("www.example.com", ROOT)
                                .dns("www.example.com")
                                .key(ConformanceCases.ed25519())
                                .build(),
                        List.of(),
                        ROOT,
                        "www.example.com",
                        refused(VerificationFailure.BAD_KEY),
                        "BR 6.1.5",
                        "BR 6.1.5, 7.1.3.1: RSA or ECDSA on P-256/384/521 only",
                        true),
                web(
                        k,
                        "P-384 leaf key",
                        server("www.example.com", ROOT)
                                .dns("www.example.com")
                                .key(ConformanceCases.p384())
                                .build(),
                        List.of(),
                        ROOT,
                        "www.example.com",
                        valid(),
                        null,
                        "BR 6.1.5",
                        true),
                web(
                        k,
                        "CN Example.COM, SAN example.com",
                        server("Example.COM", ROOT).dns("example.com").build(),
                        List.of(),
                        ROOT,
                        "example.com",
                        refused(W),
                        "BR 7.1.4.3",
                        "BR 7.1.4.3: the CN is a character-for-character copy",
                        true),
                rfc(
                        k,
                        "CN Example.COM, SAN example.com (rfc5280)",
                        server("Example.COM", ROOT).dns("example.com").build(),
                        List.of(),
                        ROOT,
                        "example.com",
                        valid(),
                        null,
                        "RFC 6125 6.4.4: the CN is not used when a SAN is",
                        true),
                web(
                        k,
                        "CN 2001:DB8::1 (upper case), SAN 2001:db8::1",
                        server("2001:DB8::1", ROOT).ip("2001:db8::1").build(),
                        List.of(),
                        ROOT,
                        "2001:db8::1",
                        refused(W),
                        "BR 7.1.4.3",
                        "BR 7.1.4.3, RFC 5952 4.3: lower case",
                        true),
                web(
                        k,
                        "CN 2001:db8:0:0:0:0:0:1 (not RFC 5952), SAN 2001:db8::1",
                        server("2001:db8:0:0:0:0:0:1", ROOT).ip("2001:db8::1").build(),
                        List.of(),
                        ROOT,
                        "2001:db8::1",
                        refused(W),
                        "BR 7.1.4.3",
                        "BR 7.1.4.3, RFC 5952 4.2: the longest zero run as ::",
                        true),
                web(
                        k,
                        "CN 2001:db8::1, SAN 2001:db8::1",
                        server("2001:db8::1", ROOT).ip("2001:db8::1").build(),
                        List.of(),
                        ROOT,
                        "2001:db8::1",
                        valid(),
                        null,
                        "BR 7.1.4.3, RFC 5952",
                        true),
                web(
                        k,
                        "CA certificate as the leaf",
                        caAsLeaf(),
                        List.of(),
                        ROOT,
                        "ca.example.com",
                        refused(W, VerificationFailure.KEY_USAGE),
                        "BR 7.1.2.7.8",
                        "BR 7.1.2.7.8: a subscriber certificate's cA is FALSE",
                        false),
                web(
                        k,
                        "wildcard directly under a top-level label",
                        server("*.com", ROOT).dns("*.com").build(),
                        List.of(),
                        ROOT,
                        "example.com",
                        refused(W, VerificationFailure.HOSTNAME_MISMATCH),
                        "BR 3.2.2.6",
                        "BR 3.2.2.6: no wildcard under a public suffix",
                        false));
    }
}
