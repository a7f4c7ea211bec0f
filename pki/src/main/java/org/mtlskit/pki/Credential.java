package org.mtlskit.pki;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.issue.Issuance;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileBuilder;
import org.mtlskit.pki.internal.profile.Validity;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyMatch;
import org.mtlskit.pki.internal.x509.NameSyntax;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * A certificate, its private key and the CA certificates above it (leaf first, the root last): what
 * one side of a handshake holds, or a CA that signs others. Made in memory by {@link #builder()}, or
 * read from the PEM files ca-tool and openssl write by {@link #fromPemFiles}.
 *
 * <pre>{@code
 * Credential ca = Credential.builder().commonName("My Test CA").certificateAuthority(0).build();
 * Credential server = Credential.builder().commonName("localhost").addSubjectAlternativeName("localhost")
 *         .serverAuth().signedBy(ca).build();
 * }</pre>
 */
public final class Credential {
    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;

    private Credential(List<X509Certificate> chain, PrivateKey privateKey) {
        this.chain = List.copyOf(chain);
        this.privateKey = privateKey;
    }

    /**
     * A credential from PEM files: a certificate file (a chain, leaf first, as a server sends it) and
     * its private key (PKCS#8, PKCS#1 or SEC1; {@code password} for an encrypted one, else null).
     *
     * @throws PkiException naming the file and what is wrong, when a file is unusable or the key is not
     *                      the certificate's
     */
    public static Credential fromPemFiles(Path certificateFile, Path keyFile, char[] password) {
        List<X509Certificate> chain = Pem.readCertificates(certificateFile);
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        if (!KeyMatch.matches(key, chain.get(0).getPublicKey())) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    keyFile + ": does not match the certificate in " + certificateFile + " ("
                            + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        return new Credential(chain, key);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The credential's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificate and the CA certificates above it, leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The certificate in PEM, as ca-tool writes NAME_cert.pem. */
    public String certificatePem() {
        return Pem.certificates(List.of(certificate()));
    }

    /** The private key in unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"), as ca-tool writes NAME_key.pem. */
    public String privateKeyPem() {
        return Pem.privateKey(privateKey);
    }

    @Override
    public String toString() {
        return "Credential[" + certificate().getSubjectX500Principal().getName() + "]"; // never the key
    }

    /**
     * Makes a credential with the same rules as a ca-tool profile ({@link Defaults}): SHA-256, keyUsage
     * by role, a random 128-bit serial, SKI and AKI; its key is EC P-256 unless {@link #key} says
     * otherwise (a P-256 key takes milliseconds to make, an RSA-4096 one seconds, and every TLS stack
     * the tools target accepts it). Without {@link #signedBy} it is self-signed, which only a CA may be.
     */
    public static final class Builder {
        private String commonName = "mtlskit";
        private final List<String> dns = new ArrayList<>();
        private final List<String> ip = new ArrayList<>();
        private boolean ca;
        private Integer pathLen;
        private Credential issuer;
        private KeySpec key = Defaults.CREDENTIAL_KEY; // EC P-256: fast to make, accepted everywhere (see Defaults)
        private Duration validFor;
        private final Set<ExtendedKeyUsage> extendedKeyUsage = EnumSet.noneOf(ExtendedKeyUsage.class);
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;

        private Builder() {}

        public Builder commonName(String commonName) {
            this.commonName = Objects.requireNonNull(commonName, "commonName");
            return this;
        }

        /** A subjectAltName entry: an IP address SAN when {@code name} is an IP literal, else a DNS name. */
        public Builder addSubjectAlternativeName(String name) {
            (NameSyntax.isIpLiteral(name) ? ip : dns).add(name);
            return this;
        }

        /**
         * A CA (basicConstraints CA:TRUE, keyCertSign and cRLSign) under which at most
         * {@code maxIntermediates} CAs may stand (pathLenConstraint).
         */
        public Builder certificateAuthority(int maxIntermediates) {
            if (maxIntermediates < 0) {
                throw new IllegalArgumentException("maxIntermediates < 0: " + maxIntermediates);
            }
            this.ca = true;
            this.pathLen = maxIntermediates;
            return this;
        }

        /** Signed by {@code issuer}, which must be a CA credential; the chain becomes this one's plus the issuer's. */
        public Builder signedBy(Credential issuer) {
            if (issuer.certificate().getBasicConstraints() < 0) {
                throw new IllegalArgumentException("not a CA: " + issuer);
            }
            this.issuer = issuer;
            return this;
        }

        /** The key type; EC P-256 by default (fast to make; {@link KeySpec#RSA_4096} is what the demo makes). */
        public Builder key(KeySpec key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** How long it is valid from now; by default as a profile: 3650 days for a CA, 365 for a leaf. */
        public Builder validFor(Duration validFor) {
            if (validFor.isNegative() || validFor.isZero()) {
                throw new IllegalArgumentException("validFor must be positive: " + validFor);
            }
            this.validFor = validFor;
            return this;
        }

        /** extendedKeyUsage serverAuth (a leaf with none may serve any purpose, as RFC 5280 says). */
        public Builder serverAuth() {
            extendedKeyUsage.add(ExtendedKeyUsage.SERVER_AUTH);
            return this;
        }

        /** extendedKeyUsage clientAuth. */
        public Builder clientAuth() {
            extendedKeyUsage.add(ExtendedKeyUsage.CLIENT_AUTH);
            return this;
        }

        /** The clock that sets notBefore (now) and notAfter; tests pass a fixed one to make expired certificates. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The randomness for the key and the serial; a new SecureRandom by default. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Credential build() {
            if (issuer == null && !ca) {
                throw new IllegalStateException(
                        "a self-signed credential must be a CA: call certificateAuthority(n) or signedBy(ca)");
            }
            SecureRandom rnd = random != null ? random : new SecureRandom();
            Duration length = validFor != null ? validFor : Duration.ofDays(ca ? Defaults.CA_DAYS : Defaults.LEAF_DAYS);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            ProfileBuilder profile = new ProfileBuilder(commonName)
                    .key(key)
                    .digest(Defaults.DIGEST)
                    .validity(new Validity(null, now, now.plus(length)))
                    .subjectAltName(new SubjectAltNames(dns, ip, List.of(), List.of()));
            if (ca) {
                profile.ca(pathLen);
            }
            if (issuer != null) {
                profile.issuer(issuer.certificate().getSubjectX500Principal().getName());
            }
            extendedKeyUsage.forEach(profile::extendedKeyUsage);
            Profile made = profile.build();
            KeyPair keyPair = key.generate(rnd);
            if (issuer == null) {
                X509Certificate cert = Issuance.selfSigned(made, keyPair, clock, rnd);
                return new Credential(List.of(cert), keyPair.getPrivate());
            }
            X509Certificate cert = Issuance.issue(
                    made,
                    keyPair.getPublic(),
                    new Issuance.Issuer(issuer.certificate(), issuer.privateKey()),
                    clock,
                    rnd);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(issuer.chain());
            return new Credential(chain, keyPair.getPrivate());
        }
    }
}
