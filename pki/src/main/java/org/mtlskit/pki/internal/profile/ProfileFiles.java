package org.mtlskit.pki.internal.profile;

import static org.mtlskit.pki.internal.profile.ProfileParser.FILES;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.defects.Defect;
import org.mtlskit.pki.internal.pem.KeyEncryption;
import org.mtlskit.pki.internal.pem.Pkcs12Format;
import org.mtlskit.pki.internal.profile.YamlTree.Entry;
import org.mtlskit.pki.internal.profile.YamlTree.MapNode;
import org.mtlskit.pki.internal.profile.YamlTree.Node;
import org.mtlskit.pki.internal.profile.YamlTree.Scalar;

/**
 * Reads a profile's files section: the names of its key, CSR and certificate files (the demo's
 * NAME_key.pem, NAME_csr.pem, NAME_cert.pem unless given), its keystores, and how its key is encrypted.
 */
final class ProfileFiles extends YamlFields {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** Names ca-tool keeps for itself in a folder it writes: its lock, its commit record, its temporary files. */
    private static final String RESERVED_PREFIX = ".ca-tool.";

    /**
     * The file names of one profile.
     *
     * @param csrFile       null for a CA or a selfSigned defect (no CA signs a CSR for either)
     * @param keyEncryption how the key file is encrypted, or null when it is not
     */
    record Names(
            String keyFile,
            String csrFile,
            String certFile,
            KeyEncryption keyEncryption,
            Pkcs12Format pkcs12Format,
            String pkcs12File,
            String truststoreFile) {}

    ProfileFiles(Path file) {
        super(file);
    }

    /** @param filesEntry the files section, or null when the profile has none */
    Names read(Entry filesEntry, String name, boolean ca, Set<Defect> defects) {
        String keyFile = Defaults.keyFile(name);
        // No CA signs a CSR for a selfSigned defect, so it gets none.
        String csrFile = ca || defects.contains(Defect.SELF_SIGNED) ? null : Defaults.csrFile(name);
        String certFile = Defaults.certFile(name);
        KeyEncryption keyEncryption = null;
        Pkcs12Format pkcs12Format = null;
        String pkcs12File = null;
        String truststoreFile = null;
        if (filesEntry != null) {
            MapNode files = map(filesEntry.value(), "files");
            checkKeys(files, "files.", FILES);
            keyFile = fileName(files, "key", keyFile);
            certFile = fileName(files, "cert", certFile);
            Entry csr = files.entries().get("csr");
            if (csr != null && ca) {
                throw error(csr.line(), "files.csr", "a CA is made without a CSR, as in the demo; remove files.csr");
            }
            csrFile = fileName(files, "csr", csrFile);
            pkcs12File = fileName(files, "pkcs12", null);
            truststoreFile = fileName(files, "truststore", null);
            Entry trust = files.entries().get("truststore");
            if (trust != null && !ca) {
                throw error(
                        trust.line(),
                        "files.truststore",
                        "a truststore holds a CA certificate; "
                                + "this profile is a leaf (use files.pkcs12 for its key and chain)");
            }
            keyEncryption = optional(files, "encryptKey")
                    .map(e -> keyEncryption(e.value()))
                    .orElse(null);
            Entry p12Format = files.entries().get("pkcs12Format");
            if (p12Format != null) {
                if (pkcs12File == null) {
                    throw error(
                            p12Format.line(),
                            "files.pkcs12Format",
                            "says how files.pkcs12 is written; "
                                    + "give files.pkcs12 too, or remove files.pkcs12Format");
                }
                pkcs12Format = oneOf(
                        p12Format.value(), "files.pkcs12Format", Pkcs12Format::named, Pkcs12Format.allowedNames());
            }
            Set<String> seen = new HashSet<>();
            for (String f : new String[] {keyFile, csrFile, certFile, pkcs12File, truststoreFile}) {
                if (f != null && !seen.add(f)) {
                    throw error(
                            filesEntry.line(),
                            "files",
                            "the name " + f + " is used twice; each file needs its " + "own name");
                }
            }
        }
        // names made from the profile's name (a long file name) are held to the same length
        int line = filesEntry == null ? 1 : filesEntry.line();
        for (String[] made :
                new String[][] {{"files.key", keyFile}, {"files.csr", csrFile}, {"files.cert", certFile}}) {
            if (made[1] != null && tooLong(made[1])) {
                throw error(
                        line,
                        made[0],
                        "the name made from the profile name \"" + name + "\" has "
                                + bytes(made[1]) + " bytes, more than a file name may have ("
                                + Defaults.MAX_FILE_NAME_BYTES
                                + "); give a shorter name in " + made[0]);
            }
        }
        return new Names(keyFile, csrFile, certFile, keyEncryption, pkcs12Format, pkcs12File, truststoreFile);
    }

    private static boolean tooLong(String fileName) {
        return bytes(fileName) > Defaults.MAX_FILE_NAME_BYTES;
    }

    private static int bytes(String fileName) {
        return fileName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** files.encryptKey: true (aes), false (not encrypted), or a cipher name; null when not encrypted. */
    private KeyEncryption keyEncryption(Node node) {
        if (node instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
            return s.token() == JsonToken.VALUE_TRUE ? KeyEncryption.AES : null;
        }
        return oneOf(node, "files.encryptKey", KeyEncryption::named, "true, false, " + KeyEncryption.allowedNames());
    }

    private String fileName(MapNode files, String key, String fallback) {
        Entry e = files.entries().get(key);
        if (e == null) {
            return fallback;
        }
        String value = string(e.value(), "files." + key);
        if (!FILE_NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw error(
                    e.line(),
                    "files." + key,
                    "\"" + value + "\" is not a plain file name; files are "
                            + "written into the output folder, so give a name such as server_cert.pem",
                    PkiException.Remedy.OUTPUT_FOLDER);
        }
        if (tooLong(value)) {
            throw error(
                    e.line(),
                    "files." + key,
                    "the name has " + bytes(value) + " bytes, more than a file name may " + "have ("
                            + Defaults.MAX_FILE_NAME_BYTES + "); give a shorter one");
        }
        if (value.startsWith(RESERVED_PREFIX)) {
            throw error(
                    e.line(),
                    "files." + key,
                    "\"" + value + "\" begins with " + RESERVED_PREFIX + ", which ca-tool "
                            + "keeps for its lock, commit record and temporary files; give another name");
        }
        return value;
    }
}
