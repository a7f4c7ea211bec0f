package org.mtlskit.pki.internal.issue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.internal.x509.KeyMatch;

/**
 * Reading a CA's key and certificate files, in one place for every command that signs or revokes
 * ({@link org.mtlskit.pki.internal.fixtures.Fixtures}, {@link org.mtlskit.pki.internal.csr.CsrSigner}, {@link org.mtlskit.pki.internal.fixtures.Revoker}): the files must exist, the certificate must
 * be a CA's, the key must be its key; each refusal is one line naming the file.
 */
public final class CaFiles {
    private final ProfileSet profiles;
    private final Path out;
    private final char[] password;

    /** @param password for an encrypted CA key, or null */
    public CaFiles(ProfileSet profiles, Path out, char[] password) {
        this.profiles = profiles;
        this.out = out;
        this.password = password;
    }

    /** The issuer of {@code profile}, read from its files, which must exist and fit each other. */
    public CertifiedKey issuerOf(Profile profile) {
        Profile issuer = profiles.get(profile.issuer());
        if (issuer.extras().existing()) {
            return existing(issuer);
        }
        Path keyFile = out.resolve(issuer.keyFile());
        Path certFile = out.resolve(issuer.certFile());
        requireExisting("make the issuing CA first: ca-tool init " + issuer.name() + outOption(), keyFile, certFile);
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        requireMatch(key, chain.get(0), keyFile, certFile);
        requireCa(chain.get(0), certFile);
        List<Profile> above = profiles.chain(issuer.name());
        Profile rootProfile = above.get(above.size() - 1);
        X509Certificate root = rootProfile == issuer
                ? chain.get(0)
                : Pem.readCertificates(out.resolve(rootProfile.certFile())).get(0);
        return new CertifiedKey(chain.get(0), key, chain, root);
    }

    /** An existing CA's key and certificate (existing: in its profile), which must be there and fit each other. */
    public CertifiedKey existing(Profile p) {
        // Normalized: "keys/audit/../ca_key.pem" must resolve even before keys/audit exists.
        Path keyFile = out.resolve(p.keyFile()).normalize();
        Path certFile = out.resolve(p.certFile()).normalize();
        requireExisting(
                p.source() + " uses an existing CA from there (existing: in the profile, paths relative to "
                        + out + "); make it first, for example with ca-tool fixtures, or point existing.key and "
                        + "existing.cert at your CA's files",
                keyFile,
                certFile);
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        requireMatch(key, chain.get(0), keyFile, certFile);
        requireCa(chain.get(0), certFile);
        X509Certificate root = chain.get(chain.size() - 1);
        List<X509Certificate> fileChain = CertifiedKey.isSelfIssued(chain.get(0)) ? List.of(chain.get(0)) : chain;
        return new CertifiedKey(chain.get(0), key, fileChain, CertifiedKey.isSelfIssued(root) ? root : chain.get(0));
    }

    /** " --out DIR" when the output folder is not the default one, for the commands a message suggests. */
    public String outOption() {
        return out.equals(Defaults.OUT_DIR) ? "" : " --out " + out;
    }

    /** Refuses the first of {@code files} that does not exist: "FILE: no such file; {@code hint}". */
    public static void requireExisting(String hint, Path... files) {
        for (Path f : files) {
            if (!Files.exists(f)) {
                throw PkiException.unusableInput(f + ": no such file; " + hint);
            }
        }
    }

    public static void requireMatch(PrivateKey key, X509Certificate caCert, Path keyFile, Path certFile) {
        if (!KeyMatch.matches(key, caCert.getPublicKey())) {
            throw PkiException.unusableInput(keyFile + ": does not match the CA certificate " + certFile);
        }
    }

    public static void requireCa(X509Certificate cert, Path certFile) {
        if (cert.getBasicConstraints() < 0) {
            throw PkiException.unusableInput(certFile + ": is not a CA certificate (no basicConstraints CA:TRUE)");
        }
    }
}
