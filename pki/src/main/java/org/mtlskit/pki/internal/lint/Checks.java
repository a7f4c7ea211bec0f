package org.mtlskit.pki.internal.lint;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

/** The small pure checks the rule tables are made of; each returns what breaks the rule, or empty. */
final class Checks {
    private Checks() {}

    static final String NAME_CONSTRAINTS = "2.5.29.30";

    private static final Map<String, String> EXTENSION_NAMES = Map.ofEntries(
            Map.entry("2.5.29.19", "basicConstraints"), Map.entry("2.5.29.15", "keyUsage"),
            Map.entry("2.5.29.37", "extendedKeyUsage"), Map.entry("2.5.29.17", "subjectAltName"),
            Map.entry("2.5.29.18", "issuerAltName"), Map.entry("2.5.29.14", "subjectKeyIdentifier"),
            Map.entry("2.5.29.35", "authorityKeyIdentifier"), Map.entry("2.5.29.32", "certificatePolicies"),
            Map.entry("2.5.29.33", "policyMappings"), Map.entry("2.5.29.36", "policyConstraints"),
            Map.entry("2.5.29.54", "inhibitAnyPolicy"), Map.entry(NAME_CONSTRAINTS, "nameConstraints"),
            Map.entry("2.5.29.31", "cRLDistributionPoints"), Map.entry("1.3.6.1.5.5.7.1.1", "authorityInfoAccess"),
            Map.entry("2.16.840.1.113730.1.1", "nsCertType"), Map.entry("1.3.6.1.5.5.7.1.24", "tlsFeature"));

    static String extensionName(String oid) {
        return EXTENSION_NAMES.getOrDefault(oid, oid);
    }

    /** A critical extension the target does not parse (nameConstraints has a rule of its own). */
    static Rule.Check criticalExtensionOutside(Set<String> understood, boolean nameConstraintsApart) {
        return (s, l) -> {
            if (s.cert() == null) {
                return Optional.empty();
            }
            List<String> unknown = s.cert().critical().stream()
                    .filter(oid -> !understood.contains(oid) && !(nameConstraintsApart && oid.equals(NAME_CONSTRAINTS)))
                    .map(Checks::extensionName)
                    .toList();
            return unknown.isEmpty()
                    ? Optional.empty()
                    : Optional.of("critical extension " + String.join(", ", unknown) + ", which it does not parse");
        };
    }

    static Rule.Check criticalNameConstraints() {
        return (s, l) -> s.cert() != null && s.cert().critical().contains(NAME_CONSTRAINTS)
                ? Optional.of("critical nameConstraints, which it does not parse, so the CA cannot even be loaded")
                : Optional.empty();
    }

    static Rule.Check nonCriticalNameConstraints() {
        return (s, l) -> s.cert() != null && s.cert().nonCritical().contains(NAME_CONSTRAINTS)
                ? Optional.of("non-critical nameConstraints: names outside them are accepted below this CA")
                : Optional.empty();
    }

    static Rule.Check extensionsBelowVersion3() {
        return (s, l) -> s.cert() != null
                        && s.cert().version() < 3
                        && !(s.cert().critical().isEmpty()
                                && s.cert().nonCritical().isEmpty())
                ? Optional.of("a version " + s.cert().version() + " certificate with extensions")
                : Optional.empty();
    }

    static Rule.Check version1Root() {
        return (s, l) -> s.cert() != null && s.cert().version() == 1 && s.cert().selfIssued()
                ? Optional.of(
                        "a version 1 self-signed certificate: trusted as a CA although it has no basicConstraints")
                : Optional.empty();
    }

    static Rule.Check ipSanNotMatched() {
        return (s, l) -> s.cert() != null
                        && s.cert().serverLeaf()
                        && !s.cert().ipAddresses().isEmpty()
                ? Optional.of("IP subjectAltName " + String.join(", ", s.cert().ipAddresses())
                        + ": only DNS names are matched against the name the client connects to")
                : Optional.empty();
    }

    private static final Pattern HOSTNAME =
            Pattern.compile("(?i)[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    static Rule.Check commonNameBesideSan() {
        return (s, l) -> {
            CertFacts c = s.cert();
            if (c == null
                    || !c.serverLeaf()
                    || !c.sanPresent()
                    || c.commonName() == null
                    || !HOSTNAME.matcher(c.commonName()).matches()
                    || c.dnsNames().stream().anyMatch(d -> d.equalsIgnoreCase(c.commonName()))) {
                return Optional.empty();
            }
            return Optional.of("the CN \"" + c.commonName() + "\" is not among the DNS subjectAltNames, and the CN is"
                    + " matched only when there is no subjectAltName");
        };
    }

    /** A server certificate whose keyUsage lacks the bit a key exchange needs. */
    static Rule.Check serverKeyUsage(KeyUsageBit needed, boolean rsaOnly, String suites) {
        return (s, l) -> {
            CertFacts c = s.cert();
            if (c == null
                    || !c.serverLeaf()
                    || c.keyUsage() == null
                    || c.keyUsage().contains(needed)
                    || (rsaOnly && !c.key().algorithm().equals("RSA"))) {
                return Optional.empty();
            }
            return Optional.of(
                    "a server certificate whose keyUsage lacks " + needed.yamlName() + ", needed for " + suites);
        };
    }

    static Rule.Check clientKeyUsage() {
        return (s, l) -> {
            CertFacts c = s.cert();
            return c != null
                            && c.clientLeaf()
                            && c.keyUsage() != null
                            && !c.keyUsage().contains(KeyUsageBit.DIGITAL_SIGNATURE)
                    ? Optional.of("a client certificate whose keyUsage lacks digitalSignature (the client signs"
                            + " CertificateVerify)")
                    : Optional.empty();
        };
    }

    static Rule.Check maxIntermediates(int max) {
        return (s, l) -> s.chain() != null && s.chain().intermediates() > max
                ? Optional.of(s.chain().intermediates() + " intermediate CAs; at most " + max + " are followed")
                : Optional.empty();
    }

    /** A signature by an issuer with a digest the target refuses (a trusted root's own signature is not checked). */
    static Rule.Check signatureDigest(Set<String> allowed) {
        return (s, l) -> {
            CertFacts c = s.cert();
            if (c == null
                    || c.selfIssued()
                    || c.signature().digest() == null
                    || allowed.contains(c.signature().digest())) {
                return Optional.empty();
            }
            return Optional.of("signed with " + c.signature().name() + "; accepted: "
                    + String.join(", ", allowed.stream().sorted().toList()));
        };
    }

    static Rule.Check rsaKeyBelow(int minBits) {
        return (s, l) -> {
            KeyFacts.PublicKeyKind k = s.cert() != null ? s.cert().key() : null;
            return k != null && k.algorithm().startsWith("RSA") && k.bits() > 0 && k.bits() < minBits
                    ? Optional.of("an RSA key of " + k.bits() + " bits; at least " + minBits + " are accepted")
                    : Optional.empty();
        };
    }

    /** A public key of an algorithm the target cannot parse, in a certificate or a key file. */
    static Rule.Check keyAlgorithm(Set<String> unsupported) {
        return (s, l) -> {
            KeyFacts.PublicKeyKind k = s.cert() != null
                    ? s.cert().key()
                    : s.key() != null ? s.key().key() : null;
            return k != null && unsupported.contains(k.algorithm())
                    ? Optional.of("an " + k.algorithm() + " key, which it does not support")
                    : Optional.empty();
        };
    }

    static Rule.Check eddsaSignature() {
        return (s, l) -> s.cert() != null && s.cert().signature().eddsa()
                ? Optional.of("signed with " + s.cert().signature().name()
                        + " by its issuer, which it cannot verify or parse")
                : Optional.empty();
    }

    static Rule.Check encryptedKeyCipher(Set<String> ciphers) {
        return (s, l) -> {
            KeyFacts k = s.key();
            if (k == null || k.format() != KeyFacts.Format.PKCS8_ENCRYPTED) {
                return Optional.empty();
            }
            if ("PBES1".equals(k.encryption())) {
                return Optional.of("a PBES1-encrypted PKCS#8 key");
            }
            return "PBES2".equals(k.encryption()) && !ciphers.contains(k.cipher())
                    ? Optional.of("a PBES2 PKCS#8 key encrypted with " + k.cipher() + "; it decrypts only "
                            + String.join(" and ", ciphers.stream().sorted().toList()))
                    : Optional.empty();
        };
    }

    static Rule.Check pkcs12() {
        return (s, l) -> s.key() != null && s.key().format() == KeyFacts.Format.PKCS12
                ? Optional.of("a PKCS#12 keystore; it reads keys and certificates as PEM or DER only")
                : Optional.empty();
    }

    static Rule.Check chainReceived() {
        return (s, l) -> s.chain() != null && s.chain().messageLength() > l.inContentLen()
                ? Optional.of("a Certificate message of " + about(s) + s.chain().messageLength()
                        + " bytes for this chain, more than MBEDTLS_SSL_IN_CONTENT_LEN (" + l.inContentLen()
                        + ") of a device that receives it")
                : Optional.empty();
    }

    static Rule.Check chainSent() {
        return (s, l) ->
                s.chain() != null && l.outContentLen() != null && s.chain().messageLength() > l.outContentLen()
                        ? Optional.of("a Certificate message of " + about(s)
                                + s.chain().messageLength()
                                + " bytes for this chain, more than MBEDTLS_SSL_OUT_CONTENT_LEN (" + l.outContentLen()
                                + ") of a device that sends it")
                        : Optional.empty();
    }

    private static String about(Subject s) {
        return s.profile() ? "about " : "";
    }
}
