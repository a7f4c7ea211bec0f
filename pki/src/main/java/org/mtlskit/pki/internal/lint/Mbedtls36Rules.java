package org.mtlskit.pki.internal.lint;

import static org.mtlskit.pki.internal.lint.Action.REFUSES;
import static org.mtlskit.pki.internal.lint.Action.REFUSES_TO_PARSE;

import java.util.List;
import java.util.Set;

/**
 * mbedTLS 3.6 LTS. No 3.6 library is installed here, so these facts come from its ChangeLog and
 * sources and are not tested; they are the 2.28 facts 3.6 did not change.
 */
final class Mbedtls36Rules {
    private Mbedtls36Rules() {}

    private static final String NOT_TESTED = "from the ChangeLog/docs, not tested";

    /** 3.x parses subjectKeyIdentifier and authorityKeyIdentifier too (ChangeLog 3.3.0). */
    static final Set<String> PARSED_EXTENSIONS = Set.of(
            "2.5.29.19",
            "2.5.29.15",
            "2.5.29.37",
            "2.5.29.17",
            "2.16.840.1.113730.1.1",
            "2.5.29.32",
            "2.5.29.14",
            "2.5.29.35");

    static final List<Rule> RULES = List.of(
            rule(
                    "pkcs12-file",
                    REFUSES_TO_PARSE,
                    "a PKCS#12 keystore",
                    "use the profile's PEM files (files.key, files.cert)",
                    "pkparse.c (no PFX parser)",
                    Checks.pkcs12()),
            rule(
                    "critical-extension",
                    REFUSES_TO_PARSE,
                    "a critical extension other than basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, "
                            + "nsCertType, certificatePolicies, subjectKeyIdentifier, authorityKeyIdentifier",
                    "mark the extension non-critical, or leave it out",
                    "x509_crt.c x509_get_crt_ext",
                    Checks.criticalExtensionOutside(PARSED_EXTENSIONS, true)),
            rule(
                    "critical-name-constraints",
                    REFUSES_TO_PARSE,
                    "a CA with critical nameConstraints",
                    "leave nameConstraints out of the CA",
                    "x509_crt.c x509_get_crt_ext (nameConstraints is not parsed)",
                    Checks.criticalNameConstraints()),
            rule(
                    "max-intermediates",
                    REFUSES,
                    "more than 8 intermediate CAs",
                    "issuer: sign the leaf with a CA nearer the root",
                    "mbedtls_config.h MBEDTLS_X509_MAX_INTERMEDIATE_CA 8",
                    Checks.maxIntermediates(8)),
            rule(
                    "signature-digest",
                    REFUSES,
                    "a signature with MD5 or SHA-1",
                    "digest: sha256",
                    "x509_crt.c mbedtls_x509_crt_profile_default",
                    Checks.signatureDigest(Set.of("SHA224", "SHA256", "SHA384", "SHA512"))),
            rule(
                    "rsa-key-size",
                    REFUSES,
                    "an RSA key shorter than 2048 bits",
                    "key: rsa-2048 or larger",
                    "x509_crt.c mbedtls_x509_crt_profile_default",
                    Checks.rsaKeyBelow(2048)),
            rule(
                    "ed25519-key",
                    REFUSES_TO_PARSE,
                    "an Ed25519 or Ed448 key (no EdDSA in X.509 in 3.6)",
                    "key: ec-p256",
                    "pkparse.c; ChangeLog (EdDSA not supported)",
                    Checks.keyAlgorithm(Set.of("Ed25519", "Ed448"))),
            rule(
                    "eddsa-signature",
                    REFUSES_TO_PARSE,
                    "a certificate signed with Ed25519 or Ed448",
                    "key: ec-p256 in the issuer's profile",
                    "x509.c mbedtls_x509_get_sig_alg",
                    Checks.eddsaSignature()),
            rule(
                    "rsa-pss-key",
                    REFUSES_TO_PARSE,
                    "an RSASSA-PSS public key (id-RSASSA-PSS)",
                    "key: rsa-2048",
                    "pkparse.c mbedtls_pk_parse_subpubkey",
                    Checks.keyAlgorithm(Set.of("RSASSA-PSS"))));

    private static Rule rule(String id, Action action, String summary, String fix, String source, Rule.Check check) {
        return new Rule(id, Target.MBEDTLS_3_6, action, summary, fix, "mbedTLS 3.6 " + source, NOT_TESTED, check);
    }
}
