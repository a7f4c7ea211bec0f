package org.mtlskit.pki.internal.csr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.FolderLock;
import org.mtlskit.pki.internal.files.OutputFiles;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.internal.issue.Issuance;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.internal.x509.AltName;
import org.mtlskit.pki.internal.x509.PublicKeys;

/**
 * A leaf profile's CSR file, like {@code openssl req -new -key KEY -config cert.conf}: for the key
 * already in the output folder (or another key file), or for a new key when there is none.
 */
public final class CsrFiles {

    /**
     * What {@link #make} wrote.
     *
     * @param keyFile the key the CSR is for
     * @param newKey  whether that key was made now (and written, mode 0600)
     */
    public record Written(Profile profile, Path csrFile, Path keyFile, boolean newKey, PKCS10CertificationRequest csr) {
        /** The SAN entries the CSR asks for: the profile's. */
        public List<AltName> subjectAltName() {
            return AltName.of(profile.subjectAltName());
        }
    }

    private final ProfileSet profiles;
    private final Path out;
    private final SecureRandom random;
    private final char[] password;
    private final Consumer<String> progress;

    /**
     * @param password for an encrypted key file, or null
     * @param progress receives a line when a key is being generated
     */
    public CsrFiles(ProfileSet profiles, Path out, SecureRandom random, char[] password, Consumer<String> progress) {
        this.profiles = profiles;
        this.out = out;
        this.random = random;
        this.password = password;
        this.progress = progress;
    }

    /**
     * Writes profile {@code name}'s CSR file into the output folder.
     *
     * @param keyFile the key to use; null uses the profile's key file in the output folder, made anew when missing
     * @param force   replace an existing CSR file (never the key or the profile it is made from)
     */
    public Written make(String name, Path keyFile, boolean force) {
        try (FolderLock lock = FolderLock.forWriting(out)) {
            return makeLocked(name, keyFile, force);
        }
    }

    private Written makeLocked(String name, Path keyFile, boolean force) {
        Profile profile = profiles.get(name);
        if (!profile.hasCsr() && !profile.ca()) {
            throw new PkiException(
                    PkiException.Kind.INVALID_PROFILE,
                    profile.source() + ": \"" + name
                            + "\" has no CSR: its selfSigned defect makes a certificate no CA signs; ca-tool issue "
                            + name);
        }
        if (!profile.hasCsr()) {
            throw new PkiException(
                    PkiException.Kind.INVALID_PROFILE,
                    profile.source() + ": \"" + name
                            + "\" is a CA profile; a CA is made without a CSR, as in the demo: ca-tool init " + name);
        }
        Path keyPath = keyFile != null ? keyFile : out.resolve(profile.keyFile());
        boolean newKey = keyFile == null && !Files.exists(keyPath);
        KeyPair keyPair;
        if (newKey) {
            progress.accept("Generating " + profile.key().displayName() + " key for " + name + "...");
            keyPair = profile.key().generate(random);
        } else {
            PrivateKey key = Pem.readPrivateKey(keyPath, password);
            PublicKey publicKey = PublicKeys.of(keyPath, key);
            KeySpec spec = KeySpec.of(publicKey).orElse(null);
            if (spec != profile.key()) {
                throw PkiException.unusableInput(keyPath + ": the key is "
                        + PublicKeys.describe(publicKey).displayName()
                        + ", but profile \"" + name + "\" asks for "
                        + profile.key().yamlName() + " (" + profile.source()
                        + ", key:); change the profile's key or give another key file");
            }
            keyPair = new KeyPair(publicKey, key);
        }
        Path csrPath = out.resolve(profile.csrFile());
        OutputFiles.notAnInput(csrPath, keyPath, profile.source());
        OutputFiles.mayReplace(csrPath, force);
        PKCS10CertificationRequest csr = Issuance.csr(profile, keyPair);
        List<Path> written;
        try (StagedFiles files = new StagedFiles(out)) {
            if (newKey) {
                files.stage(profile.keyFile(), Pem.privateKey(keyPair.getPrivate()), true);
            }
            files.stage(profile.csrFile(), Pem.csr(csr), false);
            written = files.commit();
        }
        return new Written(profile, written.get(written.size() - 1), newKey ? written.get(0) : keyPath, newKey, csr);
    }
}
