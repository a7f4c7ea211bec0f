package org.mtlskit.pki.internal.profile;

import static org.mtlskit.pki.internal.profile.ProfileParser.AUDIT;
import static org.mtlskit.pki.internal.x509.NameSyntax.isDnsName;
import static org.mtlskit.pki.internal.x509.NameSyntax.isIpLiteral;

import java.nio.file.Path;
import java.util.Set;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.profile.YamlTree.Entry;
import org.mtlskit.pki.internal.profile.YamlTree.MapNode;

/**
 * Reads what makes a profile an audit case: its deliberate defects (which must suit a CA or a leaf
 * and not contradict each other) and its audit section (role, expected verdict, rule, host).
 */
final class AuditSections extends YamlFields {
    AuditSections(Path file) {
        super(file);
    }

    Set<Defect> defects(MapNode top) {
        Entry entry = optional(top, "defects").orElse(null);
        if (entry == null) {
            return Set.of();
        }
        boolean ca = optional(top, "ca").map(e -> bool(e.value(), "ca")).orElse(false);
        Set<Defect> defects =
                enumSet(entry.value(), "defects", Defect::fromYamlName, Defect.allowedNames(), Defect.class);
        for (Defect d : defects) {
            if (d.scope() == Defect.Scope.LEAF && ca || d.scope() == Defect.Scope.CA && !ca) {
                throw error(
                        entry.line(),
                        "defects",
                        d.yamlName() + " is for " + (ca ? "leaf" : "CA") + " profiles; this profile is "
                                + (ca ? "a CA" : "a leaf"));
            }
        }
        for (Defect[] pair : new Defect[][] {
            {Defect.EXPIRED, Defect.NOT_YET_VALID},
            {Defect.SHA1, Defect.MD5},
            {Defect.NO_KEY_USAGE, Defect.KEY_USAGE_WITHOUT_DIGITAL_SIGNATURE},
            {Defect.NO_EXTENDED_KEY_USAGE, Defect.WRONG_EXTENDED_KEY_USAGE},
            {Defect.MISSING_INTERMEDIATE, Defect.WRONG_CHAIN_ORDER}
        }) {
            if (defects.contains(pair[0]) && defects.contains(pair[1])) {
                throw error(
                        entry.line(),
                        "defects",
                        pair[0].yamlName() + " and " + pair[1].yamlName() + " contradict each other; keep one");
            }
        }
        if (defects.contains(Defect.V1) && defects.stream().anyMatch(Defect::isExtensionDefect)) {
            throw error(
                    entry.line(),
                    "defects",
                    "a v1 certificate has no extensions, so v1 cannot be combined " + "with an extension defect");
        }
        return defects;
    }

    AuditCase audit(Entry entry) {
        MapNode map = map(entry.value(), "audit");
        checkKeys(map, "audit.", AUDIT);
        AuditCase.Role role = optional(map, "role")
                .map(e -> oneOf(e.value(), "audit.role", AuditCase.Role::fromYamlName, AuditCase.Role.allowedNames()))
                .orElse(AuditCase.Role.CLIENT);
        Entry expect = map.entries().get("expect");
        if (expect == null) {
            throw error(entry.line(), "audit.expect", "missing; say what a correct device does: accept or refuse");
        }
        Entry rule = map.entries().get("rule");
        if (rule == null) {
            throw error(entry.line(), "audit.rule", "missing; name the rule, for example \"RFC 5280 4.1.2.5\"");
        }
        AuditCase.Expect expected =
                oneOf(expect.value(), "audit.expect", AuditCase.Expect::fromYamlName, AuditCase.Expect.allowedNames());
        boolean baseline = optional(map, "baseline")
                .map(e -> bool(e.value(), "audit.baseline"))
                .orElse(false);
        if (baseline && expected != AuditCase.Expect.ACCEPT) {
            throw error(entry.line(), "audit.baseline", "the baseline is the good certificate: give expect: accept");
        }
        AuditCase.Topic checks = optional(map, "checks")
                .map(e ->
                        oneOf(e.value(), "audit.checks", AuditCase.Topic::fromYamlName, AuditCase.Topic.allowedNames()))
                .orElse(null);
        Entry hostEntry = map.entries().get("host");
        String host = null;
        if (hostEntry != null) {
            if (role != AuditCase.Role.SERVER) {
                throw error(
                        hostEntry.line(),
                        "audit.host",
                        "is for server cases (the name the client checks); " + "this case has role: "
                                + role.yamlName());
            }
            host = string(hostEntry.value(), "audit.host");
            if (!isDnsName(host) && !isIpLiteral(host)) {
                throw error(hostEntry.line(), "audit.host", "\"" + host + "\" is not a DNS name or an IP address");
            }
        }
        return new AuditCase(role, expected, string(rule.value(), "audit.rule"), baseline, checks, host);
    }
}
