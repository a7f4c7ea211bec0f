package org.mtlskit.pki.internal.defects;

import java.util.Arrays;
import java.util.Optional;
import org.mtlskit.pki.internal.Defaults;

/**
 * A named, deliberate violation a profile asks for in its {@code defects:} list, so that an audit
 * can present certificates a correct peer must refuse. Each defect lifts exactly the refusal of the
 * profile parser that would otherwise stop it, and nothing else; every line ca-tool prints for a
 * profile with defects says so ({@link #describe}). docs/profiles.md lists them.
 */
public enum Defect {
    EXPIRED("expired", Scope.LEAF, "expired: notAfter is a day in the past"),
    NOT_YET_VALID(
            "notYetValid", Scope.LEAF, "not yet valid: notBefore is " + Defaults.NOT_YET_VALID_DAYS + " days ahead"),
    SHA1("sha1", Scope.ANY, "signed with SHA-1"),
    MD5("md5", Scope.ANY, "signed with MD5"),
    RSA_1024("rsa-1024", Scope.ANY, "a 1024-bit RSA key"),
    NO_KEY_USAGE("noKeyUsage", Scope.LEAF, "no keyUsage extension"),
    KEY_USAGE_WITHOUT_DIGITAL_SIGNATURE(
            "keyUsageWithoutDigitalSignature", Scope.LEAF, "keyUsage without digitalSignature"),
    WRONG_EXTENDED_KEY_USAGE(
            "wrongExtendedKeyUsage",
            Scope.LEAF,
            "extendedKeyUsage for the other role (serverAuth for a client, clientAuth for a server)"),
    NO_EXTENDED_KEY_USAGE(
            "noExtendedKeyUsage", Scope.LEAF, "no extendedKeyUsage extension (most stacks read this as any purpose)"),
    NO_SUBJECT_ALT_NAME("noSubjectAltName", Scope.LEAF, "no subjectAltName, the name is in the CN only"),
    CA_TRUE_LEAF("caTrueLeaf", Scope.LEAF, "an end-entity certificate with basicConstraints CA:TRUE"),
    V1("v1", Scope.LEAF, "an X.509 version 1 certificate, without any extension"),
    UNKNOWN_CRITICAL_EXTENSION(
            "unknownCriticalExtension",
            Scope.ANY,
            "carries an unknown extension marked critical (OID " + Defaults.UNKNOWN_CRITICAL_EXTENSION_OID + ")"),
    BAD_SIGNATURE("badSignature", Scope.LEAF, "its signature bytes were altered after signing"),
    SELF_SIGNED("selfSigned", Scope.LEAF, "self-signed with the issuer's name (the issuer never signed it)"),
    INTERMEDIATE_NOT_CA("intermediateNotCa", Scope.CA, "signs certificates but says basicConstraints CA:FALSE"),
    PATH_LEN_EXCEEDED("pathLenExceeded", Scope.CA, "a CA below an issuer whose pathLen is 0"),
    NAME_CONSTRAINT_VIOLATION(
            "nameConstraintViolation",
            Scope.LEAF,
            "names outside the permitted subtrees of an issuer's nameConstraints"),
    MISSING_INTERMEDIATE(
            "missingIntermediate", Scope.LEAF, "the certificate file holds the leaf only, not its intermediate"),
    WRONG_CHAIN_ORDER(
            "wrongChainOrder", Scope.LEAF, "the certificate file holds the intermediates first and the leaf last"),
    WILDCARD_MISUSE(
            "wildcardMisuse",
            Scope.LEAF,
            "a DNS name with a wildcard RFC 6125 6.4.3 forbids (more than one, not the whole left-most label, or "
                    + "for a single label such as *.com)"),
    IP_IN_DNS_NAME("ipInDnsName", Scope.LEAF, "an IP address written as a DNS name in the subjectAltName");

    /** Which profiles a defect applies to. */
    public enum Scope {
        LEAF,
        CA,
        ANY
    }

    private final String yamlName;
    private final Scope scope;
    private final String how;

    Defect(String yamlName, Scope scope, String how) {
        this.yamlName = yamlName;
        this.scope = scope;
        this.how = how;
    }

    public String yamlName() {
        return yamlName;
    }

    public Scope scope() {
        return scope;
    }

    /** What is wrong with a certificate that has this defect, in a few words. */
    public String how() {
        return how;
    }

    /** Whether the defect is about an extension, which a v1 certificate cannot carry. */
    public boolean isExtensionDefect() {
        return switch (this) {
            case NO_KEY_USAGE,
                    KEY_USAGE_WITHOUT_DIGITAL_SIGNATURE,
                    WRONG_EXTENDED_KEY_USAGE,
                    NO_EXTENDED_KEY_USAGE,
                    NO_SUBJECT_ALT_NAME,
                    CA_TRUE_LEAF,
                    UNKNOWN_CRITICAL_EXTENSION,
                    WILDCARD_MISUSE,
                    IP_IN_DNS_NAME -> true;
            default -> false;
        };
    }

    public static Optional<Defect> fromYamlName(String name) {
        return Arrays.stream(values()).filter(d -> d.yamlName.equals(name)).findFirst();
    }

    public static String allowedNames() {
        return String.join(", ", Arrays.stream(values()).map(Defect::yamlName).toList());
    }

    /** The words every printed line about such a profile carries, or "" when it has none. */
    public static String describe(java.util.Collection<Defect> defects) {
        if (defects.isEmpty()) {
            return "";
        }
        return "DELIBERATELY BROKEN ("
                + String.join("; ", defects.stream().map(Defect::how).toList()) + ")";
    }
}
