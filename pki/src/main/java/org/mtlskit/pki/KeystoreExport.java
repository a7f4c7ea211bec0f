package org.mtlskit.pki;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A profile's files as a keystore for the Java side of a test: its key and chain up to the root
 * under one alias (a keystore), or a CA's certificate as a trusted entry (a truststore). Reads the
 * files fixtures wrote; writes nothing: the caller stages and commits the bytes.
 *
 * @param bytes       the keystore file's content
 * @param inputs      every file it was made from (profile, certificates, key, password file)
 * @param secret      whether it holds a private key (the file is then written 0600)
 * @param description what it holds, for the line that says what was written
 */
public record KeystoreExport(byte[] bytes, List<Path> inputs, boolean secret, String description) {

    /** What to write: a keystore with the key, or a truststore with the CA certificate. */
    public enum Kind { KEYSTORE, TRUSTSTORE }

    /**
     * @param password the keystore's password: required for a keystore; a truststore without one
     *                 gets {@link Defaults#TRUSTSTORE_PASSWORD}
     * @param passwordFile the file the password was read from, an input too; or null
     * @param jks      JKS instead of PKCS#12 ({@code format} must then be modern)
     */
    public static KeystoreExport of(ProfileSet profiles, Path out, String name, Kind kind, String alias,
                                    char[] password, Path passwordFile, boolean jks, Pkcs12Format format) {
        Profile profile = profiles.get(name);
        List<Path> inputs = new ArrayList<>(List.of(profile.source(), out.resolve(profile.certFile())));
        if (passwordFile != null) {
            inputs.add(passwordFile);
        }
        List<X509Certificate> chain = new ArrayList<>(Pem.readCertificates(out.resolve(profile.certFile())));
        if (kind == Kind.TRUSTSTORE) {
            if (format == Pkcs12Format.LEGACY) {
                throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, "the legacy PKCS#12 format is for keystores; "
                        + "a truststore is written in the modern format");
            }
            if (!profile.ca()) {
                throw new PkiException(PkiException.Kind.INVALID_PROFILE, profile.source() + ": \"" + name
                        + "\" is not a CA; a truststore holds CA certificates");
            }
            byte[] bytes = Keystores.truststore(alias, chain.subList(0, 1),
                    password != null ? password : Defaults.TRUSTSTORE_PASSWORD.toCharArray(), jks);
            return new KeystoreExport(bytes, List.copyOf(inputs), false, (jks ? "JKS" : "PKCS#12") + " truststore"
                    + (password == null ? ", password " + Defaults.TRUSTSTORE_PASSWORD : ""));
        }
        if (password == null) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, "a keystore holds a private key and needs a password",
                    PkiException.Remedy.PROTECTING_PASSWORD_NEEDED);
        }
        if (jks && format == Pkcs12Format.LEGACY) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, "the legacy PKCS#12 format cannot be written as JKS");
        }
        Path keyFile = out.resolve(profile.keyFile());
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        inputs.add(keyFile);
        List<Profile> issuers = profiles.chain(name);
        Profile root = issuers.get(issuers.size() - 1);
        if (root != profile) {
            Path rootFile = out.resolve(root.certFile());
            X509Certificate rootCert = Pem.readCertificates(rootFile).get(0);
            inputs.add(rootFile);
            if (!chain.contains(rootCert)) {
                chain.add(rootCert);
            }
        }
        byte[] bytes = jks ? Keystores.keystore(alias, key, chain, password, true)
                : Keystores.keystore(alias, key, chain, password, format);
        String kindName = jks ? "JKS" : format == Pkcs12Format.LEGACY ? "legacy PKCS#12" : "PKCS#12";
        return new KeystoreExport(bytes, List.copyOf(inputs), true, kindName + " keystore, " + chain.size()
                + " certificate" + (chain.size() == 1 ? "" : "s") + " and the private key, mode 0600");
    }
}
