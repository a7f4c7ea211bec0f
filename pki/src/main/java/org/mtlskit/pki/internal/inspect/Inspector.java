package org.mtlskit.pki.internal.inspect;

import static org.mtlskit.pki.internal.inspect.OpenSslStyle.algorithm;
import static org.mtlskit.pki.internal.inspect.OpenSslStyle.hex;
import static org.mtlskit.pki.internal.inspect.OpenSslStyle.name;
import static org.mtlskit.pki.internal.inspect.OpenSslStyle.reasonName;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.pem.PemBlocks;
import org.mtlskit.pki.internal.x509.AltName;
import org.mtlskit.pki.internal.x509.PublicKeys;

/**
 * What is inside a PEM file, decoded for people and CI: certificates (a chain file holds several),
 * CSRs, keys and CRLs. Of a private key only its public facts are kept: type, size and the
 * fingerprint of its public part, never a private number. Pure apart from reading the file; "now"
 * (for days left) is passed in.
 */
public final class Inspector {
    private Inspector() {}

    /** One object of a file. */
    public sealed interface Item permits CertificateItem, RequestItem, KeyItem, CrlItem, OtherItem {}

    /**
     * @param serial   lower-case hex, no leading zeros
     * @param daysLeft whole days from now to notAfter, rounded down; negative once expired
     * @param status   "valid", "expired" or "notYetValid" at now
     * @param sha256   SHA-256 of the DER certificate, as openssl x509 -fingerprint -sha256 prints it
     */
    public record CertificateItem(
            int version,
            String subject,
            String issuer,
            String serial,
            String signatureAlgorithm,
            Instant notBefore,
            Instant notAfter,
            long daysLeft,
            String status,
            boolean selfIssued,
            PublicKeys.Description publicKey,
            List<DecodedExtension> extensions,
            String sha256)
            implements Item {}

    public record RequestItem(
            String subject,
            String signatureAlgorithm,
            boolean signatureValid,
            PublicKeys.Description publicKey,
            List<DecodedExtension> requestedExtensions,
            String sha256)
            implements Item {}

    /**
     * A key file's key: public facts only.
     *
     * @param privateKey whether the file holds the private key (its public part is derived)
     * @param encrypted  whether that private key is encrypted; then {@code publicKey} is null
     */
    public record KeyItem(boolean privateKey, boolean encrypted, PublicKeys.Description publicKey) implements Item {}

    /** @param nextUpdate null when the CRL has none */
    public record CrlItem(
            String issuer,
            String signatureAlgorithm,
            Instant thisUpdate,
            Instant nextUpdate,
            List<RevokedEntry> revoked,
            List<DecodedExtension> extensions,
            String sha256)
            implements Item {}

    /** @param reason RFC 5280 reason name (keyCompromise, ...), or null when the entry gives none */
    public record RevokedEntry(String serial, Instant revocationDate, String reason) {}

    /** A PEM block that is none of the above (EC PARAMETERS, PKCS7, ...). */
    public record OtherItem(String description) implements Item {}

    /**
     * One extension.
     *
     * @param name  its RFC 5280 name, or the OID for others
     * @param value decoded for the extensions ca-tool knows; {@link Raw} for the rest
     */
    public record DecodedExtension(String oid, String name, boolean critical, ExtensionValue value) {}

    /** An extension's decoded value. */
    public sealed interface ExtensionValue
            permits BasicConstraintsValue, NameList, AltNames, KeyId, AuthorityKeyId, Number, Raw {}

    /** @param pathLen null when the extension sets none */
    public record BasicConstraintsValue(boolean ca, Integer pathLen) implements ExtensionValue {}

    /** keyUsage bit names, or extendedKeyUsage purpose names (the OID for purposes without a name). */
    public record NameList(List<String> names) implements ExtensionValue {}

    public record AltNames(List<AltName> names) implements ExtensionValue {}

    /** @param keyId colon-separated upper-case hex */
    public record KeyId(String keyId) implements ExtensionValue {}

    /** Each part null when absent. */
    public record AuthorityKeyId(String keyId, List<AltName> issuer, String serial) implements ExtensionValue {}

    /** cRLNumber, deltaCRLIndicator, inhibitAnyPolicy, in decimal. */
    public record Number(BigInteger number) implements ExtensionValue {}

    /** @param der the extension's value (the contents of extnValue) as lower-case hex */
    public record Raw(String der) implements ExtensionValue {}

    /** Every object in {@code file}, in file order. */
    public static List<Item> inspect(Path file, Instant now) {
        List<Item> items = new ArrayList<>();
        for (Object o : readObjects(file)) {
            // Bouncy Castle decodes some parts only when asked: damage found here is the file's too.
            items.add(Pem.decoded(file, PemBlocks.describe(o) + " in it", () -> item(file, o, now)));
        }
        return items;
    }

    private static Item item(Path file, Object o, Instant now) {
        if (o instanceof X509CertificateHolder holder) {
            return certificate(file, holder, now);
        }
        if (o instanceof PKCS10CertificationRequest csr) {
            return request(csr);
        }
        if (o instanceof X509CRLHolder holder) {
            return crl(file, holder);
        }
        if (o instanceof SubjectPublicKeyInfo info) {
            return new KeyItem(false, false, PublicKeys.describe(info));
        }
        if (o instanceof PEMKeyPair pair) {
            return new KeyItem(true, false, PublicKeys.describe(pair.getPublicKeyInfo()));
        }
        if (o instanceof PrivateKeyInfo info) {
            try {
                return new KeyItem(
                        true,
                        false,
                        PublicKeys.describe(PublicKeys.of(file, new JcaPEMKeyConverter().getPrivateKey(info))));
            } catch (IOException e) {
                throw PkiException.unusableInput(file + ": the private key is malformed or of an unsupported type");
            }
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            return new KeyItem(true, true, null);
        }
        if (o instanceof ASN1ObjectIdentifier) {
            return new OtherItem("EC parameters");
        }
        return new OtherItem(
                "a PEM block ca-tool does not decode (" + o.getClass().getSimpleName() + ")");
    }

    private static CertificateItem certificate(Path file, X509CertificateHolder holder, Instant now) {
        X509Certificate cert;
        try {
            cert = new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw PkiException.unusableInput(file + ": a certificate in it is malformed: " + PemBlocks.reason(e), e);
        }
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        String status = now.isBefore(notBefore) ? "notYetValid" : now.isAfter(notAfter) ? "expired" : "valid";
        long daysLeft = Math.floorDiv(Duration.between(now, notAfter).getSeconds(), 86_400L);
        return new CertificateItem(
                holder.getVersionNumber(),
                name(holder.getSubject()),
                name(holder.getIssuer()),
                hex(holder.getSerialNumber()),
                algorithm(holder.getSignatureAlgorithm()),
                notBefore,
                notAfter,
                daysLeft,
                status,
                holder.getSubject().equals(holder.getIssuer()),
                PublicKeys.describe(holder.getSubjectPublicKeyInfo()),
                ExtensionDecoder.decode(holder.getExtensions()),
                PublicKeys.fingerprint(der(holder)));
    }

    private static RequestItem request(PKCS10CertificationRequest csr) {
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .build(new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo())));
        } catch (Exception e) {
            valid = false; // an unreadable key or unknown algorithm is no valid signature either
        }
        List<DecodedExtension> requested = new ArrayList<>();
        for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            requested.addAll(ExtensionDecoder.decode(
                    Extensions.getInstance(a.getAttrValues().getObjectAt(0))));
        }
        return new RequestItem(
                name(csr.getSubject()),
                algorithm(csr.getSignatureAlgorithm()),
                valid,
                PublicKeys.describe(csr.getSubjectPublicKeyInfo()),
                requested,
                PublicKeys.fingerprint(der(csr)));
    }

    private static CrlItem crl(Path file, X509CRLHolder holder) {
        X509CRL crl;
        try {
            crl = new JcaX509CRLConverter().getCRL(holder);
        } catch (CRLException e) {
            throw PkiException.unusableInput(file + ": the CRL is malformed: " + PemBlocks.reason(e), e);
        }
        List<RevokedEntry> revoked = new ArrayList<>();
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            for (X509CRLEntry e : entries) {
                CRLReason reason = e.getRevocationReason();
                revoked.add(new RevokedEntry(
                        hex(e.getSerialNumber()),
                        e.getRevocationDate().toInstant(),
                        reason == null ? null : reasonName(reason)));
            }
            revoked.sort((a, b) -> a.revocationDate().compareTo(b.revocationDate()));
        }
        return new CrlItem(
                name(holder.getIssuer()),
                algorithm(holder.toASN1Structure().getSignatureAlgorithm()),
                crl.getThisUpdate().toInstant(),
                crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant(),
                revoked,
                ExtensionDecoder.decode(holder.getExtensions()),
                PublicKeys.fingerprint(der(holder)));
    }

    private static byte[] der(Object holder) {
        try {
            if (holder instanceof X509CertificateHolder h) {
                return h.getEncoded();
            }
            if (holder instanceof X509CRLHolder h) {
                return h.getEncoded();
            }
            return ((PKCS10CertificationRequest) holder).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode what was just decoded", e);
        }
    }

    // ---- reading ----

    /** Every PEM block in a file; refuses what is not PEM with one line naming the file. */
    private static List<Object> readObjects(Path file) {
        return PemBlocks.readObjects(file, "certificates, CSRs, keys or CRLs");
    }
}
