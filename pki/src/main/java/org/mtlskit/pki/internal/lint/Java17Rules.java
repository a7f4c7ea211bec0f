package org.mtlskit.pki.internal.lint;

import static org.mtlskit.pki.internal.lint.Action.REFUSES;

import java.util.List;
import java.util.Set;

/**
 * Java 17's PKIX validator and JSSE, with the JDK's default java.security. Proven with the JDK's own
 * PKIX CertPathValidator by LintRulesOnOpensslAndJavaTest.
 */
final class Java17Rules {
    private Java17Rules() {}

    /** The extensions the JDK's PKIX checkers resolve (BasicChecker, KeyChecker, ConstraintsChecker, PolicyChecker). */
    static final Set<String> RESOLVED_EXTENSIONS = Set.of(
            "2.5.29.19",
            "2.5.29.15",
            "2.5.29.37",
            "2.5.29.17",
            "2.5.29.30",
            "2.5.29.32",
            "2.5.29.33",
            "2.5.29.36",
            "2.5.29.54");

    static final List<Rule> RULES = List.of(
            new Rule(
                    "critical-extension",
                    Target.JAVA_17,
                    REFUSES,
                    "a critical extension no PKIX checker resolves (\"Unrecognized critical extension(s)\")",
                    "mark the extension non-critical, or leave it out",
                    "Java 17 sun.security.provider.certpath.PKIXMasterCertPathValidator",
                    "LintRulesOnOpensslAndJavaTest.unknownCriticalExtensionIsRefusedByJava",
                    Checks.criticalExtensionOutside(RESOLVED_EXTENSIONS, false)),
            new Rule(
                    "rsa-key-size",
                    Target.JAVA_17,
                    REFUSES,
                    "an RSA key shorter than 1024 bits (jdk.certpath.disabledAlgorithms: RSA keySize < 1024)",
                    "key: rsa-2048 or larger",
                    "Java 17 conf/security/java.security",
                    "LintRulesOnOpensslAndJavaTest.rsaKeyBelow1024BitsIsRefusedByJava",
                    Checks.rsaKeyBelow(1024)),
            new Rule(
                    "signature-digest",
                    Target.JAVA_17,
                    REFUSES,
                    "a certificate signed with MD2 or MD5 (jdk.certpath.disabledAlgorithms)",
                    "digest: sha256",
                    "Java 17 conf/security/java.security",
                    "LintRulesOnOpensslAndJavaTest.md5SignatureIsRefusedByJava",
                    Checks.signatureDigest(Set.of("SHA1", "SHA224", "SHA256", "SHA384", "SHA512"))));
}
