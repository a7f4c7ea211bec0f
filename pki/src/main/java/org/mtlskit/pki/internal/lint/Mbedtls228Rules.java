package org.mtlskit.pki.internal.lint;

import static org.mtlskit.pki.internal.lint.Action.DOES_NOT_CHECK;
import static org.mtlskit.pki.internal.lint.Action.IGNORES;
import static org.mtlskit.pki.internal.lint.Action.REFUSES;
import static org.mtlskit.pki.internal.lint.Action.REFUSES_TO_PARSE;

import java.util.List;
import java.util.Set;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

/**
 * mbedTLS 2.28 (the demo's version; Debian 12 ships 2.28.3 in its default configuration). Sources are
 * the library's own files; each rule is proven on the real library by MbedtlsParseRulesTest or
 * MbedtlsVerifyRulesTest (the method named in {@code proof}); the two buffer-size rules by handshake-tool's ChainSizeOnMbedtlsTest, at
 * the 16384 bytes of Debian's build.
 */
final class Mbedtls228Rules {
    private Mbedtls228Rules() {}

    /** x509_crt.c x509_get_crt_ext: the extensions 2.28 parses; any other critical one is an error. */
    static final Set<String> PARSED_EXTENSIONS =
            Set.of("2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17", "2.16.840.1.113730.1.1", "2.5.29.32");

    static final List<Rule> RULES = List.of(
            rule(
                    "encrypted-key-cipher",
                    REFUSES_TO_PARSE,
                    "an encrypted PKCS#8 key with PBES1, or PBES2 with a cipher other than DES or 3DES (AES: -0x2E80)",
                    "files.encryptKey: des3 (PBES2 with DES-EDE3-CBC, which mbedTLS 2.28 reads; aes is the "
                            + "default), or re-encrypt with openssl pkcs8 -topk8 -v2 des3",
                    "pkcs5.c mbedtls_pkcs5_pbes2 (DES-CBC, DES-EDE3-CBC only); pkparse.c",
                    "MbedtlsParseRulesTest.encryptedKeyWithAesIsRefusedAndWith3desLoads",
                    Checks.encryptedKeyCipher(Set.of("DES-CBC", "DES-EDE3-CBC"))),
            rule(
                    "pkcs12-file",
                    REFUSES_TO_PARSE,
                    "a PKCS#12 keystore (mbedTLS reads PEM or DER keys and certificates)",
                    "use the profile's PEM files (files.key, files.cert); files.pkcs12 is for Java clients",
                    "pkparse.c mbedtls_pk_parse_key (no PFX parser; pkcs12.c only decrypts)",
                    "MbedtlsParseRulesTest.pkcs12KeystoreIsRefused",
                    Checks.pkcs12()),
            rule(
                    "critical-extension",
                    REFUSES_TO_PARSE,
                    "a critical extension other than basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, "
                            + "nsCertType, certificatePolicies",
                    "mark the extension non-critical, or leave it out (a profile writes only basicConstraints and keyUsage critical)",
                    "x509_crt.c x509_get_crt_ext (-0x2562 on a critical extension it does not parse)",
                    "MbedtlsParseRulesTest.unknownCriticalExtensionMakesTheCertificateUnparsable",
                    Checks.criticalExtensionOutside(PARSED_EXTENSIONS, true)),
            rule(
                    "critical-name-constraints",
                    REFUSES_TO_PARSE,
                    "a CA with critical nameConstraints",
                    "leave nameConstraints out of the CA (or make it non-critical, which 2.28 ignores)",
                    "x509_crt.c x509_get_crt_ext (nameConstraints is not parsed)",
                    "MbedtlsParseRulesTest.criticalNameConstraintsMakeTheCaUnloadable",
                    Checks.criticalNameConstraints()),
            rule(
                    "name-constraints-ignored",
                    IGNORES,
                    "a CA with non-critical nameConstraints: they are not enforced",
                    "do not rely on nameConstraints for a 2.28 device: give the CA only the names it may sign",
                    "x509_crt.c x509_get_crt_ext (skips unknown non-critical extensions)",
                    "MbedtlsVerifyRulesTest.nonCriticalNameConstraintsAreIgnored",
                    Checks.nonCriticalNameConstraints()),
            rule(
                    "v1-with-extensions",
                    REFUSES_TO_PARSE,
                    "a version 1 or 2 certificate that carries extensions",
                    "make it with ca-tool (always version 3)",
                    "x509_crt.c x509_crt_parse_der_core (extensions only for version 3)",
                    "MbedtlsParseRulesTest.version1CertificateWithExtensionsIsRefused",
                    Checks.extensionsBelowVersion3()),
            rule(
                    "v1-root-ca-bit",
                    DOES_NOT_CHECK,
                    "a version 1 self-signed certificate: trusted as a CA without basicConstraints CA:TRUE",
                    "make the CA with ca-tool (version 3, basicConstraints CA:TRUE, keyUsage keyCertSign)",
                    "x509_crt.c x509_crt_check_parent (need_ca_bit is 0 for a version 1 trusted root)",
                    "MbedtlsVerifyRulesTest.version1TrustedRootNeedsNoCaBit",
                    Checks.version1Root()),
            rule(
                    "ip-san-not-matched",
                    IGNORES,
                    "an IP address in a server certificate's subjectAltName (IP SANs are matched from 3.5 on)",
                    "extensions.subjectAltName.dns: add the DNS name the device connects to",
                    "x509_crt.c x509_crt_verify_name (compares the name with each SAN as a DNS name)",
                    "MbedtlsVerifyRulesTest.ipSubjectAltNameIsNotMatched",
                    Checks.ipSanNotMatched()),
            rule(
                    "cn-ignored-with-san",
                    IGNORES,
                    "a server certificate whose CN is a host name missing from its DNS subjectAltNames",
                    "extensions.subjectAltName.dns: add the CN's name",
                    "x509_crt.c x509_crt_verify_name (the CN only when there is no subjectAltName)",
                    "MbedtlsVerifyRulesTest.commonNameIsIgnoredWhenThereIsASubjectAltName",
                    Checks.commonNameBesideSan()),
            rule(
                    "server-ku-rsa-kx",
                    REFUSES,
                    "an RSA server certificate whose keyUsage lacks keyEncipherment (RSA key exchange suites)",
                    "extensions.keyUsage: add keyEncipherment (or leave keyUsage to the default)",
                    "ssl_tls.c mbedtls_ssl_check_cert_usage",
                    "MbedtlsVerifyRulesTest.serverWithoutKeyEnciphermentIsRefusedForRsaKeyExchange",
                    Checks.serverKeyUsage(KeyUsageBit.KEY_ENCIPHERMENT, true, "RSA key exchange (TLS-RSA-WITH-*)")),
            rule(
                    "server-ku-ecdhe",
                    REFUSES,
                    "a server certificate whose keyUsage lacks digitalSignature (ECDHE and DHE suites)",
                    "extensions.keyUsage: add digitalSignature (or leave keyUsage to the default)",
                    "ssl_tls.c mbedtls_ssl_check_cert_usage",
                    "MbedtlsVerifyRulesTest.serverWithoutDigitalSignatureIsRefusedForEcdhe",
                    Checks.serverKeyUsage(KeyUsageBit.DIGITAL_SIGNATURE, false, "ECDHE and DHE suites")),
            rule(
                    "client-ku",
                    REFUSES,
                    "a client certificate whose keyUsage lacks digitalSignature",
                    "extensions.keyUsage: add digitalSignature (or leave keyUsage to the default)",
                    "ssl_tls.c mbedtls_ssl_check_cert_usage",
                    "MbedtlsVerifyRulesTest.clientWithoutDigitalSignatureIsRefused",
                    Checks.clientKeyUsage()),
            rule(
                    "max-intermediates",
                    REFUSES,
                    "more than 8 intermediate CAs (MBEDTLS_X509_MAX_INTERMEDIATE_CA)",
                    "issuer: sign the leaf with a CA nearer the root",
                    "x509_crt.c x509_crt_verify_chain; config.h MBEDTLS_X509_MAX_INTERMEDIATE_CA 8",
                    "MbedtlsVerifyRulesTest.moreThanEightIntermediatesAreRefused",
                    Checks.maxIntermediates(8)),
            rule(
                    "signature-digest",
                    REFUSES,
                    "a signature with MD5 or SHA-1 (the default profile takes SHA-2 only)",
                    "digest: sha256",
                    "x509_crt.c mbedtls_x509_crt_profile_default",
                    "MbedtlsVerifyRulesTest.sha1SignatureIsRefused",
                    Checks.signatureDigest(Set.of("SHA224", "SHA256", "SHA384", "SHA512"))),
            rule(
                    "rsa-key-size",
                    REFUSES,
                    "an RSA key shorter than 2048 bits (the default profile)",
                    "key: rsa-2048 or larger",
                    "x509_crt.c mbedtls_x509_crt_profile_default (rsa_min_bitlen 2048)",
                    "MbedtlsVerifyRulesTest.rsaKeyBelow2048BitsIsRefused",
                    Checks.rsaKeyBelow(2048)),
            rule(
                    "ed25519-key",
                    REFUSES_TO_PARSE,
                    "an Ed25519 or Ed448 key, in a certificate or a key file",
                    "key: ec-p256",
                    "pkparse.c mbedtls_pk_parse_subpubkey (no EdDSA in 2.x)",
                    "MbedtlsParseRulesTest.ed25519KeyIsUnparsable",
                    Checks.keyAlgorithm(Set.of("Ed25519", "Ed448"))),
            rule(
                    "eddsa-signature",
                    REFUSES_TO_PARSE,
                    "a certificate signed with Ed25519 or Ed448 (its issuer has such a key)",
                    "key: ec-p256 in the issuer's profile",
                    "x509.c mbedtls_x509_get_sig_alg (no EdDSA)",
                    "MbedtlsParseRulesTest.ed25519SignatureIsUnparsable",
                    Checks.eddsaSignature()),
            rule(
                    "rsa-pss-key",
                    REFUSES_TO_PARSE,
                    "an RSASSA-PSS public key (id-RSASSA-PSS); RSA-PSS signatures by an rsaEncryption key are fine",
                    "key: rsa-2048 (ca-tool writes rsaEncryption keys)",
                    "pkparse.c mbedtls_pk_parse_subpubkey",
                    "MbedtlsParseRulesTest.rsaPssKeyIsUnparsableButPssSignatureIsAccepted",
                    Checks.keyAlgorithm(Set.of("RSASSA-PSS"))),
            rule(
                    "chain-in-content-len",
                    REFUSES,
                    "a chain whose Certificate message exceeds MBEDTLS_SSL_IN_CONTENT_LEN (--in-content-len, default 16384) "
                            + "of the device receiving it: a handshake message cannot span records before 3.6",
                    "key: ec-p256 (smaller certificates), fewer intermediates or subjectAltName entries",
                    "ssl.h MBEDTLS_SSL_IN_CONTENT_LEN; ssl_tls.c mbedtls_ssl_prepare_handshake_record (no handshake "
                            + "fragmentation: -0x7080)",
                    "handshake-tool ChainSizeOnMbedtlsTest.chainLargerThanInContentLenCannotBeReceived (16384, Debian's build)",
                    Checks.chainReceived()),
            rule(
                    "chain-out-content-len",
                    REFUSES,
                    "the device's own chain exceeds MBEDTLS_SSL_OUT_CONTENT_LEN (checked only with --out-content-len)",
                    "key: ec-p256 (smaller certificates), fewer intermediates or subjectAltName entries",
                    "ssl.h MBEDTLS_SSL_OUT_CONTENT_LEN; ssl_tls.c mbedtls_ssl_write_certificate (-0x7500)",
                    "handshake-tool ChainSizeOnMbedtlsTest.chainLargerThanOutContentLenCannotBeSent (16384, Debian's build)",
                    Checks.chainSent()));

    private static Rule rule(
            String id, Action action, String summary, String fix, String source, String proof, Rule.Check check) {
        return new Rule(id, Target.MBEDTLS_2_28, action, summary, fix, "mbedTLS 2.28 " + source, proof, check);
    }
}
