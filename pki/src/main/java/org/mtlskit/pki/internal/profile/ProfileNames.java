package org.mtlskit.pki.internal.profile;

import static org.mtlskit.pki.internal.profile.ProfileParser.SAN;
import static org.mtlskit.pki.internal.x509.NameSyntax.isAscii;
import static org.mtlskit.pki.internal.x509.NameSyntax.isDnsName;
import static org.mtlskit.pki.internal.x509.NameSyntax.isEmailAddress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.profile.YamlTree.Entry;
import org.mtlskit.pki.internal.profile.YamlTree.MapNode;
import org.mtlskit.pki.internal.profile.YamlTree.Node;
import org.mtlskit.pki.internal.text.PrintableText;
import org.mtlskit.pki.internal.x509.DistinguishedName;
import org.mtlskit.pki.internal.x509.NameSyntax;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * Reads the names a profile gives: its subject, its subjectAltName entries, and a CA's permitted
 * name constraints, each checked against the syntax RFC 5280 asks ({@link NameSyntax}) and the
 * profile's rules ({@link ProfileConstraints}).
 */
final class ProfileNames extends YamlFields {
    /** What the wildcardMisuse defect lets through: a '*' in any label, as many as asked. */
    private static final Pattern MISUSED_WILDCARD = Pattern.compile("[A-Za-z0-9*-]+(\\.[A-Za-z0-9*-]+)*\\.?");

    /** Why a non-ASCII email or URI SAN is refused rather than converted: no conversion is exact for all of it. */
    private static final java.util.Map<String, String> NON_ASCII = java.util.Map.of(
            "email",
                    "an rfc822Name is ASCII (IA5String, RFC 5280 4.2.1.6): write an internationalized domain in "
                            + "its xn-- form (idn2 converts it); a non-ASCII local part needs an SmtpUTF8Mailbox (RFC 9598), "
                            + "which ca-tool does not write",
            "uri",
                    "a uniformResourceIdentifier is ASCII (IA5String, RFC 5280 4.2.1.6): percent-encode the path "
                            + "and write an internationalized host in its xn-- form (RFC 3987 3.1)");

    ProfileNames(Path file) {
        super(file);
    }

    DistinguishedName subject(Entry entry) {
        MapNode map = map(entry.value(), "subject");
        if (map.entries().isEmpty()) {
            throw error(entry.line(), "subject", "empty; give at least CN, for example subject: {CN: localhost}");
        }
        List<DistinguishedName.Attribute> attributes = new ArrayList<>();
        for (Entry e : map.entries().values()) {
            String field = "subject." + e.key();
            DistinguishedName.Field f = DistinguishedName.Field.named(e.key())
                    .orElseThrow(() -> unknownKey(
                            e,
                            "subject.",
                            List.of(DistinguishedName.Field.allowedNames().split(", "))));
            String value = string(e.value(), field);
            String unfit = PrintableText.problem(value);
            if (unfit != null) {
                throw error(e.value().line(), field, unfit + "; a certificate name cannot carry it faithfully");
            }
            if (value.isBlank()) {
                throw error(e.line(), field, "empty; leave the field out instead");
            }
            if (f == DistinguishedName.Field.C && !ProfileConstraints.isCountryCode(value)) {
                throw error(e.line(), field, "\"" + value + "\" is not a two-letter country code such as DE or US");
            }
            if (f == DistinguishedName.Field.CN && ProfileConstraints.isTooLongForCn(value)) {
                throw error(e.line(), field, "longer than the 64 characters RFC 5280 allows for a CN");
            }
            if (f == DistinguishedName.Field.emailAddress && !isAscii(value)) {
                throw error(e.line(), field, "\"" + value + "\" is not ASCII; " + NON_ASCII.get("email"));
            }
            if (f == DistinguishedName.Field.emailAddress && !isEmailAddress(value)) {
                throw error(e.line(), field, "\"" + value + "\" is not an email address");
            }
            attributes.add(new DistinguishedName.Attribute(f, value));
        }
        return new DistinguishedName(attributes);
    }

    /** The fromCsr entry when it says true, else null. */
    Entry fromCsr(Entry sanEntry) {
        if (!(sanEntry.value() instanceof MapNode map)) {
            return null;
        }
        Entry e = map.entries().get("fromCsr");
        return e != null && bool(e.value(), "extensions.subjectAltName.fromCsr") ? e : null;
    }

    SubjectAltNames subjectAltName(Entry entry, boolean fromCsr, Set<Defect> defects) {
        MapNode map = map(entry.value(), "extensions.subjectAltName");
        checkKeys(map, "extensions.subjectAltName.", SAN);
        boolean wildcardMisuse = defects.contains(Defect.WILDCARD_MISUSE);
        boolean ipInDns = defects.contains(Defect.IP_IN_DNS_NAME);
        List<String> dns = sanList(
                map,
                "dns",
                d -> wildcardMisuse
                        ? MISUSED_WILDCARD.matcher(d).matches() || isDnsName(d)
                        : isDnsName(d) || ipInDns && NameSyntax.isIpv4Literal(d),
                "a DNS name such as localhost or *.example.test");
        Entry dnsEntry = map.entries().get("dns");
        for (int i = 0; i < dns.size(); i++) {
            String d = dns.get(i);
            int line = list(dnsEntry.value(), "extensions.subjectAltName.dns")
                    .get(i)
                    .line();
            if (NameSyntax.isIpv4Literal(d) && !ipInDns) {
                throw error(
                        line,
                        "extensions.subjectAltName.dns[" + i + "]",
                        "\"" + d + "\" is an IP address, "
                                + "which clients match against ip entries only: write it under ip; to make a deliberately "
                                + "broken certificate for an audit, add defects: [ipInDnsName]");
            }
            if (d.startsWith("*.") && d.indexOf('.', 2) < 0 && !wildcardMisuse) {
                throw error(
                        line,
                        "extensions.subjectAltName.dns[" + i + "]",
                        "\"" + d + "\" is a wildcard for "
                                + "every name under a top-level domain (RFC 6125 7.2); to make a deliberately broken "
                                + "certificate for an audit, add defects: [wildcardMisuse]");
            }
        }
        List<String> ip =
                sanList(map, "ip", NameSyntax::isIpLiteral, "an IPv4 or IPv6 address such as 127.0.0.1 or ::1");
        List<String> email = sanList(map, "email", NameSyntax::isEmailAddress, "an email address");
        List<String> uri =
                sanList(map, "uri", NameSyntax::isAbsoluteUri, "an absolute URI such as spiffe://test/server");
        SubjectAltNames san = new SubjectAltNames(dns, ip, email, uri);
        if (san.isEmpty() && !fromCsr) {
            throw error(
                    entry.line(),
                    "extensions.subjectAltName",
                    "empty; give dns, ip, email or uri entries, " + "or leave subjectAltName out");
        }
        return san;
    }

    List<String> sanList(MapNode map, String key, java.util.function.Predicate<String> valid, String what) {
        Entry entry = map.entries().get(key);
        if (entry == null) {
            return List.of();
        }
        String field = "extensions.subjectAltName." + key;
        List<Node> items = list(entry.value(), field);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String value = string(items.get(i), field + "[" + i + "]");
            String unfit = PrintableText.problem(value);
            if (unfit != null) {
                throw error(
                        items.get(i).line(),
                        field + "[" + i + "]",
                        unfit + "; a subjectAltName cannot carry it faithfully");
            }
            if ((key.equals("email") || key.equals("uri")) && !isAscii(value)) {
                throw error(
                        items.get(i).line(),
                        field + "[" + i + "]",
                        "\"" + value + "\" is not ASCII; " + NON_ASCII.get(key));
            }
            if (!valid.test(value)) {
                throw error(items.get(i).line(), field + "[" + i + "]", "\"" + value + "\" is not " + what);
            }
            values.add(value);
        }
        return values;
    }

    List<String> permittedDns(Entry nc) {
        MapNode map = map(nc.value(), "extensions.nameConstraints");
        checkKeys(map, "extensions.nameConstraints.", List.of("permitted"));
        Entry permitted = map.entries().get("permitted");
        if (permitted == null) {
            throw error(nc.line(), "extensions.nameConstraints", "give permitted: {dns: [example.test]}");
        }
        MapNode p = map(permitted.value(), "extensions.nameConstraints.permitted");
        checkKeys(p, "extensions.nameConstraints.permitted.", List.of("dns"));
        List<String> dns = sanList(p, "dns", NameSyntax::isDnsName, "a DNS name such as example.test");
        if (dns.isEmpty()) {
            throw error(permitted.line(), "extensions.nameConstraints.permitted", "give dns: [example.test]");
        }
        return dns;
    }
}
