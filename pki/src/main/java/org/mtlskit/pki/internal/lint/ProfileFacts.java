package org.mtlskit.pki.internal.lint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.internal.x509.DistinguishedName;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * The subjects of a profile set before anything is generated: what ca-tool will put in each
 * certificate (as docs/profiles.md says: basicConstraints and keyUsage critical; SKI, AKI,
 * EKU and SAN not), the chain each leaf sends with its DER sizes estimated, and the key file.
 */
final class ProfileFacts {
    private ProfileFacts() {}

    static List<Subject> of(ProfileSet set) {
        List<Subject> subjects = new ArrayList<>();
        for (Profile p : set.all()) {
            if (p.extras().existing()) {
                // An existing CA (existing: in its profile) is made elsewhere: lint its files instead.
                continue;
            }
            String file = p.source().toString();
            Profile issuer = p.selfSigned() ? p : set.get(p.issuer());
            subjects.add(new Subject(file, null, certificate(p, issuer), null, null, true));
            if (!p.selfSigned()) {
                List<Profile> chain = set.chain(p.name());
                List<Integer> sizes = new ArrayList<>();
                for (int i = 0; i < chain.size() - 1; i++) {
                    sizes.add(estimatedDerLength(chain.get(i), chain.get(i + 1)));
                }
                subjects.add(new Subject(file, "chain", null, new Subject.Chain(sizes, chain.size() - 2), null, true));
            }
            if (p.extras().encryptKey()) {
                // Pem.encryptedPrivateKey: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC or (files.encryptKey: des3)
                // DES-EDE3-CBC.
                String cipher = p.extras().keyEncryption() == org.mtlskit.pki.internal.pem.KeyEncryption.DES3
                        ? "DES-EDE3-CBC"
                        : "AES-256-CBC";
                subjects.add(new Subject(
                        file,
                        "key",
                        null,
                        null,
                        new KeyFacts(KeyFacts.Format.PKCS8_ENCRYPTED, null, "PBES2", cipher),
                        true));
            }
        }
        return subjects;
    }

    static CertFacts certificate(Profile p, Profile issuer) {
        Set<String> nonCritical = new LinkedHashSet<>(List.of("2.5.29.14"));
        if (!p.selfSigned()) {
            nonCritical.add("2.5.29.35");
        }
        if (!p.extendedKeyUsage().isEmpty()) {
            nonCritical.add("2.5.29.37");
        }
        if (!p.subjectAltName().isEmpty()) {
            nonCritical.add("2.5.29.17");
        }
        List<String> eku = p.extendedKeyUsage().isEmpty()
                ? null
                : p.extendedKeyUsage().stream().map(ExtendedKeyUsage::oid).toList();
        // A selfSigned defect takes its issuer's subject; an existing issuer's subject is on disk only.
        DistinguishedName subject = p.subject() != null ? p.subject() : issuer.subject();
        return new CertFacts(
                3,
                String.valueOf(subject),
                subject == null ? null : subject.commonName().orElse(null),
                p.selfSigned(),
                p.ca(),
                Set.of("2.5.29.19", "2.5.29.15"),
                nonCritical,
                kind(p.key()),
                signature(issuer.key(), p),
                p.keyUsage(),
                eku,
                !p.subjectAltName().isEmpty(),
                p.subjectAltName().dns(),
                p.subjectAltName().ip(),
                estimatedDerLength(p, issuer));
    }

    /** A key type by its YAML name (rsa-N, ec-p256, ec-p384, ed25519), so key types added later map too. */
    static KeyFacts.PublicKeyKind kind(KeySpec k) {
        String name = k.yamlName();
        if (k.isRsa()) {
            return new KeyFacts.PublicKeyKind("RSA", rsaBits(k), null);
        }
        if (name.startsWith("ec-p")) {
            int bits = Integer.parseInt(name.substring("ec-p".length()));
            return new KeyFacts.PublicKeyKind("EC", bits, "P-" + bits);
        }
        return name.equals("ed25519")
                ? new KeyFacts.PublicKeyKind("Ed25519", 256, null)
                : new KeyFacts.PublicKeyKind(k.displayName(), 0, null);
    }

    private static int rsaBits(KeySpec k) {
        return Integer.parseInt(k.yamlName().substring("rsa-".length()));
    }

    private static CertFacts.SignatureKind signature(KeySpec issuerKey, Profile p) {
        String digest = p.digest().name();
        KeyFacts.PublicKeyKind signer = kind(issuerKey);
        return switch (signer.algorithm()) {
            case "RSA" -> new CertFacts.SignatureKind(digest.toLowerCase() + "WithRSAEncryption", digest, false);
            case "EC" -> new CertFacts.SignatureKind("ecdsa-with-" + digest, digest, false);
            default -> new CertFacts.SignatureKind(signer.algorithm(), null, true);
        };
    }

    /**
     * The DER length of the certificate ca-tool makes for {@code p}, from the sizes of its parts (an
     * upper estimate: ECDSA signatures at their longest, two length octets for every name).
     */
    static int estimatedDerLength(Profile p, Profile issuer) {
        KeyFacts.PublicKeyKind signer = kind(issuer.key());
        KeyFacts.PublicKeyKind subjectKey = kind(p.key());
        int sigAlg = switch (signer.algorithm()) {
            case "RSA" -> 15;
            case "EC" -> 12;
            default -> 7;
        };
        int signature = switch (signer.algorithm()) {
            case "RSA" -> signer.bits() / 8 + 5;
            case "EC" -> signer.bits() <= 256 ? 76 : 108;
            default -> 67;
        };
        int spki = switch (subjectKey.algorithm()) {
            case "RSA" -> subjectKey.bits() / 8 + 38;
            case "EC" -> subjectKey.bits() <= 256 ? 91 : 120;
            default -> 44;
        };
        int extensions = 4 + 4 + (p.ca() ? 20 : 14) + 16 + 33 + (p.selfSigned() ? 0 : 37);
        if (!p.extendedKeyUsage().isEmpty()) {
            extensions += 13 + 10 * p.extendedKeyUsage().size();
        }
        SubjectAltNames san = p.subjectAltName();
        if (!san.isEmpty()) {
            extensions += 13;
            extensions += san.dns().stream().mapToInt(d -> 2 + d.length()).sum();
            extensions +=
                    san.ip().stream().mapToInt(ip -> ip.contains(":") ? 18 : 6).sum();
            extensions += san.email().stream().mapToInt(e -> 2 + e.length()).sum();
            extensions += san.uri().stream().mapToInt(u -> 2 + u.length()).sum();
        }
        int tbs = 4 + 5 + 20 + sigAlg + dn(issuer.subject()) + 32 + dn(p.subject()) + spki + extensions;
        return 4 + tbs + sigAlg + signature;
    }

    private static int dn(DistinguishedName name) {
        if (name == null) {
            // An existing CA's name is in its file: estimate it as a one-CN name of 32 characters.
            return 4 + 13 + 32;
        }
        return 4
                + name.attributes().stream()
                        .mapToInt(a -> 13 + a.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .sum();
    }
}
