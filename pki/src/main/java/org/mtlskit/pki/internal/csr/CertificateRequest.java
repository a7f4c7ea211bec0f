package org.mtlskit.pki.internal.csr;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.inspect.OpenSslStyle;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.x509.AltName;
import org.mtlskit.pki.internal.x509.ExtensionNames;
import org.mtlskit.pki.internal.x509.PublicKeys;

/**
 * A CSR made elsewhere (openssl req, mbedTLS, keytool), checked before anything is signed for it:
 * its self-signature verifies, and its key is one ca-tool issues certificates for.
 *
 * @param file            where it was read, for messages
 * @param subject         the subject exactly as the CSR encodes it
 * @param key             the public key it asks a certificate for
 * @param requestedNames  the subjectAltName entries of its extensionRequest, in order (empty when none)
 * @param otherRequested  the names or OIDs of the other extensions it requests, which the profile decides
 */
public record CertificateRequest(
        Path file,
        PKCS10CertificationRequest csr,
        X500Name subject,
        PublicKey key,
        PublicKeys.Description keyDescription,
        List<AltName> requestedNames,
        List<String> otherRequested) {

    public CertificateRequest {
        requestedNames = List.copyOf(requestedNames);
        otherRequested = List.copyOf(otherRequested);
    }

    /** Reads and checks the CSR in a PEM file. */
    static CertificateRequest read(Path file) {
        PKCS10CertificationRequest csr = Pem.readCsr(file);
        return Pem.decoded(file, "the CSR", () -> check(file, csr));
    }

    /** Checks a CSR: a key ca-tool issues for (checked first, as the more useful message), then its signature. */
    static CertificateRequest check(Path file, PKCS10CertificationRequest csr) {
        OpenSslStyle.name(
                csr.getSubject()); // decodes every attribute now: a damaged one is refused here, not when printed
        PublicKeys.Description description = PublicKeys.describe(csr.getSubjectPublicKeyInfo());
        String refusal = unsupportedKey(description);
        if (refusal != null) {
            throw PkiException.unusableInput(file + ": the CSR's key is " + description.displayName() + ", " + refusal);
        }
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw PkiException.unusableInput(file + ": the CSR's signature does not verify with its own key; "
                        + "it was altered after signing or is damaged");
            }
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw PkiException.unusableInput(file + ": the CSR's signature cannot be checked ("
                    + csr.getSignatureAlgorithm().getAlgorithm().getId()
                    + "); it is damaged or uses an unknown algorithm");
        }
        List<AltName> names = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions extensions;
            try {
                extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw PkiException.unusableInput(file + ": the CSR's requested extensions are malformed");
            }
            for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
                if (oid.equals(Extension.subjectAlternativeName)) {
                    names.addAll(AltName.of(GeneralNames.fromExtensions(extensions, oid)));
                } else {
                    others.add(ExtensionNames.name(oid));
                }
            }
        }
        return new CertificateRequest(file, csr, csr.getSubject(), key, description, names, others);
    }

    /** Why ca-tool does not sign for this key, or null when it does. */
    private static String unsupportedKey(PublicKeys.Description key) {
        return switch (key.algorithm()) {
            case "RSA" ->
                key.bits() >= 2048
                        ? null
                        : "too short: RSA keys need at least 2048 bits (NIST SP 800-57; TLS libraries refuse less)";
            case "EC" ->
                "P-256".equals(key.curve()) || "P-384".equals(key.curve())
                        ? null
                        : "on a curve ca-tool does not sign for; use P-256 or P-384";
            case "Ed25519" -> null;
            default -> "which ca-tool does not sign for; use RSA (2048 bits or more), EC P-256 or P-384, or Ed25519";
        };
    }
}
