package org.mtlskit.pki.internal.issue;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.Validity;
import org.mtlskit.pki.internal.x509.BcProvider;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * Makes certificates and CSRs from profiles. Pure: no file I/O, the clock and the randomness are
 * passed in, so tests can make expired or not-yet-valid certificates and repeat a run.
 */
public final class Issuance {
    private Issuance() {}

    /** The CA that signs: its certificate (whose subject becomes the issuer name) and its key. */
    public record Issuer(X509Certificate certificate, PrivateKey key) {}

    /** A self-signed CA certificate for {@code profile}, which must be a CA without an issuer. */
    public static X509Certificate selfSigned(Profile profile, KeyPair keyPair, Clock clock, SecureRandom random) {
        if (!profile.ca()) {
            throw new IllegalArgumentException("only a CA is self-signed: " + profile.name());
        }
        X500Name subject = profile.subject().toX500Name();
        Validity.Window window = window(profile, clock);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                serial(random),
                Date.from(window.notBefore()),
                Date.from(window.notAfter()),
                subject,
                keyPair.getPublic());
        addExtensions(builder, profile, keyPair.getPublic(), null);
        return sign(builder, profile.digest(), keyPair.getPrivate(), random);
    }

    /**
     * A certificate for {@code keyPair} made from {@code profile} and signed by {@code issuer}; with
     * the selfSigned defect it carries the issuer's name as subject and issuer but is signed by its
     * own key. This is what fixtures and issue call: the defects that need the subject's private key
     * are possible only here.
     */
    public static X509Certificate issue(
            Profile profile, KeyPair keyPair, Issuer issuer, Clock clock, SecureRandom random) {
        if (!profile.has(Defect.SELF_SIGNED)) {
            return issue(profile, keyPair.getPublic(), issuer, clock, random);
        }
        X500Name name = X500Name.getInstance(
                issuer.certificate().getSubjectX500Principal().getEncoded());
        Validity.Window window = window(profile, clock);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                serial(random),
                Date.from(window.notBefore()),
                Date.from(window.notAfter()),
                name,
                keyPair.getPublic());
        addExtensions(builder, profile, keyPair.getPublic(), null);
        return DefectiveSigning.finish(profile, sign(builder, profile.digest(), keyPair.getPrivate(), random));
    }

    /** A certificate for {@code subjectKey}, made from {@code profile} and signed by {@code issuer}. */
    public static X509Certificate issue(
            Profile profile, PublicKey subjectKey, Issuer issuer, Clock clock, SecureRandom random) {
        return issue(profile, profile.subject().toX500Name(), subjectKey, issuer, clock, random);
    }

    /** The same with a subject from elsewhere, such as a CSR that ca-tool sign takes as it is. */
    public static X509Certificate issue(
            Profile profile, X500Name subject, PublicKey subjectKey, Issuer issuer, Clock clock, SecureRandom random) {
        Validity.Window window = window(profile, clock);
        if (profile.has(Defect.V1)) {
            return DefectiveSigning.v1(profile, subject, subjectKey, issuer, window, random);
        }
        // This constructor takes the issuer's subject as the new certificate's issuer name, which is
        // right below an intermediate too.
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer.certificate(),
                serial(random),
                Date.from(window.notBefore()),
                Date.from(window.notAfter()),
                subject,
                subjectKey);
        addExtensions(builder, profile, subjectKey, issuer.certificate());
        return DefectiveSigning.finish(profile, sign(builder, profile.digest(), issuer.key(), random));
    }

    /** The validity window, moved into the past or the future by the expired and notYetValid defects. */
    static Validity.Window window(Profile profile, Clock clock) {
        Validity.Window window = profile.validity().window(clock.instant());
        java.time.Duration length = java.time.Duration.between(window.notBefore(), window.notAfter());
        if (profile.has(Defect.EXPIRED)) {
            java.time.Instant end = window.notBefore().minus(java.time.Duration.ofDays(1));
            return new Validity.Window(end.minus(length), end);
        }
        if (profile.has(Defect.NOT_YET_VALID)) {
            java.time.Instant start = window.notBefore().plus(java.time.Duration.ofDays(Defaults.NOT_YET_VALID_DAYS));
            return new Validity.Window(start, start.plus(length));
        }
        return window;
    }

    /** A PKCS#10 request for the profile's subject, asking for the profile's extensions, like openssl req -new. */
    public static PKCS10CertificationRequest csr(Profile profile, KeyPair keyPair) {
        try {
            ExtensionsGenerator requested = new ExtensionsGenerator();
            for (Extension e : requestedExtensions(profile)) {
                requested.addExtension(e);
            }
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(profile.subject().toX500Name(), keyPair.getPublic());
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested.generate());
            return builder.build(signer(profile.digest(), keyPair.getPrivate(), null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the CSR's extensions", e);
        }
    }

    /** A positive serial of {@link Defaults#SERIAL_RANDOM_BITS} random bits, never zero (RFC 5280 4.1.2.2). */
    static BigInteger serial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(Defaults.SERIAL_RANDOM_BITS, random);
        } while (serial.signum() == 0);
        return serial;
    }

    /** The extensions a profile puts in a certificate, apart from SKI and AKI. */
    static List<Extension> requestedExtensions(Profile profile) throws IOException {
        List<Extension> extensions = new ArrayList<>();
        int bcValue = DefectiveSigning.basicConstraints(profile);
        BasicConstraints bc = bcValue < 0
                ? new BasicConstraints(false)
                : bcValue == Integer.MAX_VALUE ? new BasicConstraints(true) : new BasicConstraints(bcValue);
        extensions.add(new Extension(Extension.basicConstraints, true, bc.getEncoded()));
        java.util.Set<KeyUsageBit> keyUsage = DefectiveSigning.keyUsage(profile);
        if (!keyUsage.isEmpty()) {
            int bits = 0;
            for (KeyUsageBit bit : keyUsage) {
                bits |= bit.bcBit();
            }
            extensions.add(new Extension(Extension.keyUsage, true, new KeyUsage(bits).getEncoded()));
        }
        List<ExtendedKeyUsage> eku = DefectiveSigning.extendedKeyUsage(profile);
        if (!eku.isEmpty()) {
            KeyPurposeId[] purposes =
                    eku.stream().map(ExtendedKeyUsage::purposeId).toArray(KeyPurposeId[]::new);
            extensions.add(new Extension(
                    Extension.extendedKeyUsage,
                    false,
                    new org.bouncycastle.asn1.x509.ExtendedKeyUsage(purposes).getEncoded()));
        }
        SubjectAltNames san = DefectiveSigning.subjectAltName(profile);
        if (!san.isEmpty()) {
            extensions.add(new Extension(
                    Extension.subjectAlternativeName,
                    false,
                    SubjectAltNames.generalNames(san).getEncoded()));
        }
        extensions.addAll(DefectiveSigning.extraExtensions(profile));
        return extensions;
    }

    private static void addExtensions(
            X509v3CertificateBuilder builder, Profile profile, PublicKey subjectKey, X509Certificate issuerCert) {
        try {
            for (Extension e : requestedExtensions(profile)) {
                builder.addExtension(e);
            }
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            SubjectKeyIdentifier ski = utils.createSubjectKeyIdentifier(subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, ski);
            if (issuerCert != null) {
                builder.addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        new AuthorityKeyIdentifier(keyIdentifier(issuerCert, utils)));
            }
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot encode extensions for " + profile.name(), e);
        }
    }

    /** The issuer's key identifier: its SKI when it has one, else computed from its key as RFC 5280 4.2.1.2 (1). */
    private static byte[] keyIdentifier(X509Certificate issuerCert, JcaX509ExtensionUtils utils) {
        byte[] ext = issuerCert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext != null) {
            return SubjectKeyIdentifier.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(ext)
                            .getOctets())
                    .getKeyIdentifier();
        }
        return utils.createSubjectKeyIdentifier(issuerCert.getPublicKey()).getKeyIdentifier();
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, Digest digest, PrivateKey key, SecureRandom random) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(digest, key, random)));
        } catch (CertificateException e) {
            throw new IllegalStateException("the certificate just made cannot be read back", e);
        }
    }

    static ContentSigner signer(Digest digest, PrivateKey key, SecureRandom random) {
        try {
            JcaContentSignerBuilder builder = new JcaContentSignerBuilder(digest.signatureAlgorithm(key));
            if (digest.weak()) {
                // The JDK's providers refuse some of these (MD5 with RSA-PSS keys, SHA-1 under some
                // policies); Bouncy Castle signs whatever it is asked to, which is the point here.
                builder.setProvider(BcProvider.get());
            }
            if (random != null) {
                builder.setSecureRandom(random);
            }
            return builder.build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + digest.signatureAlgorithm(key), e);
        }
    }
}
