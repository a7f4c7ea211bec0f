package org.mtlskit.pki.internal.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.defects.AuditCase;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.pem.KeyEncryption;
import org.mtlskit.pki.internal.pem.Pkcs12Format;
import org.mtlskit.pki.internal.revocation.Revocations;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.internal.x509.DistinguishedName;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * One certificate's recipe, read from a YAML file in profiles/ and checked whole. Every field holds
 * the effective value, defaults applied (see {@link org.mtlskit.pki.internal.Defaults}); nothing here is optional but
 * {@code issuer} (absent for a self-signed CA) and {@code pathLen}.
 *
 * @param name       the profile's name: its file name without ".yaml"
 * @param source     the file it was read from, for error messages
 * @param ca         whether the certificate is a CA
 * @param issuer     name of the issuing profile, or null for a self-signed CA
 * @param keyUsage   keyUsage bits, always emitted critical
 * @param subjectAltNameFromCsr whether ca-tool sign takes the SAN entries a signed CSR asks for
 *                   (extensions.subjectAltName.fromCsr) instead of {@code subjectAltName}
 * @param keyFile    output file names, relative to the output folder
 */
public record Profile(
        String name,
        Path source,
        boolean ca,
        String issuer,
        KeySpec key,
        Digest digest,
        Validity validity,
        DistinguishedName subject,
        Integer pathLen,
        Set<KeyUsageBit> keyUsage,
        List<ExtendedKeyUsage> extendedKeyUsage,
        SubjectAltNames subjectAltName,
        boolean subjectAltNameFromCsr,
        String keyFile,
        String csrFile,
        String certFile,
        Extras extras) {

    public Profile {
        keyUsage = Set.copyOf(keyUsage);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
    }

    /**
     * What fixtures makes for a profile beyond its key, CSR and certificate.
     *
     * @param encryptKey     files.encryptKey: the key file is encrypted PKCS#8 (password from the command line options)
     * @param pkcs12File     files.pkcs12: a PKCS#12 keystore with the key and chain, or null
     * @param truststoreFile files.truststore (CAs): a PKCS#12 truststore with the CA certificate, or null
     * @param crlDays        crl.days (CAs): the CA publishes a CRL valid this long, or null for no CRL
     * @param revoked        revoked: the certificate is revoked by its issuer for this reason, or null
     * @param defects        defects: the deliberate violations the certificate carries (see {@link Defect})
     * @param audit          audit: what a correct device does with it when an audit presents it, or null
     * @param existing       existing (CAs): the CA's files exist elsewhere (keyFile and certFile are paths
     *                       relative to the output folder, or absolute); they are read, never written
     * @param permittedDns   extensions.nameConstraints.permitted.dns (CAs): the DNS subtrees it permits, or empty
     * @param keyEncryption  files.encryptKey's cipher (aes for {@code true}), or null when not encrypted
     * @param pkcs12Format   files.pkcs12Format: what the files.pkcs12 keystore is written as
     */
    public record Extras(
            boolean encryptKey,
            String pkcs12File,
            String truststoreFile,
            Integer crlDays,
            Revocations.Reason revoked,
            Set<Defect> defects,
            AuditCase audit,
            boolean existing,
            List<String> permittedDns,
            KeyEncryption keyEncryption,
            Pkcs12Format pkcs12Format) {
        public static final Extras NONE =
                new Extras(false, null, null, null, null, Set.of(), null, false, List.of(), null, null);

        public Extras {
            defects = defects.isEmpty()
                    ? Set.of()
                    : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(defects));
            permittedDns = List.copyOf(permittedDns);
            keyEncryption = encryptKey && keyEncryption == null ? KeyEncryption.AES : encryptKey ? keyEncryption : null;
            pkcs12Format = pkcs12Format == null ? Pkcs12Format.MODERN : pkcs12Format;
        }
    }

    /** Whether the profile asks for {@code defect}. */
    public boolean has(Defect defect) {
        return extras.defects().contains(defect);
    }

    /** Whether the certificate is made broken on purpose. */
    public boolean deliberatelyBroken() {
        return !extras.defects().isEmpty();
    }

    public boolean selfSigned() {
        return issuer == null;
    }

    /** A CA is made without a CSR, as in the demo; leaves get one. */
    public boolean hasCsr() {
        return csrFile != null;
    }

    /**
     * The CRL file of a CA profile, beside its certificate: the certificate file's name without
     * "_cert.pem" (or ".pem"), then "_crl.pem". The one place the name is made.
     */
    public String crlFile() {
        return caFileStem() + "_crl.pem";
    }

    /** The revocation state file of a CA profile ({@link Revocations}), named as {@link #crlFile()} is. */
    public String revocationsFile() {
        return caFileStem() + "_revocations.json";
    }

    private String caFileStem() {
        return certFile.replaceFirst("_cert\\.pem$", "").replaceFirst("\\.pem$", "");
    }
}
