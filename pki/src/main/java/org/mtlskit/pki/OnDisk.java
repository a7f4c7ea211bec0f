package org.mtlskit.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** What is on disk for a profile; unreadable files are noted, not thrown, since fixtures repairs them. */
record OnDisk(boolean keyExists, PrivateKey key, String keyError, List<X509Certificate> chain,
                      String certError) {
    static final OnDisk NONE = new OnDisk(false, null, null, null, null);

    /** Why the key on disk cannot be kept for {@code p}, or null when it can. */
    String keyProblem(Profile p) {
        if (!keyExists) {
            return "key missing";
        }
        if (key == null) {
            return "key unreadable: " + keyError;
        }
        if (chain == null) {
            return certError;
        }
        X509Certificate cert = chain.get(0);
        KeySpec spec = KeySpec.of(cert.getPublicKey()).orElse(null);
        if (spec != p.key()) {
            return "key type changed to " + p.key().yamlName();
        }
        if (!KeyMatch.matches(key, cert.getPublicKey())) {
            return "certificate does not match the key";
        }
        return null;
    }

    static OnDisk read(Profile p, Path out, char[] password) {
        Path keyFile = out.resolve(p.keyFile());
        Path certFile = out.resolve(p.certFile());
        boolean keyExists = Files.exists(keyFile);
        PrivateKey key = null;
        String keyError = null;
        if (keyExists) {
            try {
                if (new String(InputFiles.read(keyFile, InputFiles.Kind.PEM), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("ENCRYPTED")
                        != p.extras().encryptKey()) {
                    keyError = p.extras().encryptKey() ? "not encrypted as files.encryptKey asks" : "encrypted";
                } else if (p.extras().encryptKey()
                        && Pem.keyEncryptionOf(keyFile).orElse(null) != p.extras().keyEncryption()) {
                    keyError = "not encrypted with " + p.extras().keyEncryption().yamlName() + " as files.encryptKey asks";
                } else {
                    key = Pem.readPrivateKey(keyFile, password);
                }
            } catch (PkiException e) {
                // The message alone, without a remedy: the one remedy a key can need (its password) cannot
                // arise here, because Fixtures.requirePassword refuses a set that needs one before planning.
                keyError = e.getMessage();
            }
        }
        List<X509Certificate> chain = null;
        String certError = null;
        if (!Files.exists(certFile)) {
            certError = "certificate missing";
        } else {
            try {
                chain = CertifiedKey.inFileOrder(p, Pem.readCertificates(certFile));
            } catch (PkiException e) {
                certError = "certificate unreadable";
            }
        }
        return new OnDisk(keyExists, key, keyError, chain, certError);
    }
}
