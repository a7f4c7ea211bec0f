package org.mtlskit.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.FolderLock;
import org.mtlskit.pki.internal.files.OutputFiles;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.internal.fixtures.KeystoreExport;
import org.mtlskit.pki.internal.pem.Pkcs12Format;

/**
 * Writes a profile's key and chain as a keystore, or a CA's certificate as a truststore, for the
 * Java side of a test: {@code ca-tool export} in the build, one file per execution. A file newer
 * than everything it is made from is up to date and left alone; an older one is replaced only with
 * {@code force}, like every existing file.
 */
@Mojo(name = "export", defaultPhase = LifecyclePhase.GENERATE_TEST_RESOURCES, threadSafe = true)
public final class ExportMojo extends FixturesGoal {

    /** The profile whose files are exported. */
    @Parameter(property = "mtlskit.export.name", required = true)
    String name;

    /** A keystore with the key and the chain up to the root (needs a password). */
    @Parameter
    File keystore;

    /** A truststore with a CA's certificate (password changeit unless one is given). */
    @Parameter
    File truststore;

    /** The entry's alias; the profile name by default. */
    @Parameter
    String alias;

    /** JKS instead of PKCS#12. */
    @Parameter(defaultValue = "false")
    boolean jks;

    /** modern (AES-256, HMAC-SHA-256) or legacy (3DES, SHA-1 MAC) for old readers; keystores only. */
    @Parameter(defaultValue = "modern")
    String pkcs12Format;

    /** Replace an existing file that is older than its inputs. */
    @Parameter(property = "mtlskit.force", defaultValue = "false")
    boolean force;

    @Override
    void run() {
        if ((keystore == null) == (truststore == null)) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    "export " + name + ": give exactly one of <keystore> and <truststore>");
        }
        Pkcs12Format format = Pkcs12Format.named(pkcs12Format)
                .orElseThrow(() -> new PkiException(
                        PkiException.Kind.UNUSABLE_INPUT,
                        "pkcs12Format: expected one of " + Pkcs12Format.allowedNames() + ", got \"" + pkcs12Format
                                + "\""));
        Path out = outputDirectory.toPath();
        try (FolderLock lock = FolderLock.ifExists(out)) {
            Path file = (keystore != null ? keystore : truststore).toPath();
            KeystoreExport export = KeystoreExport.of(
                    profileSet(),
                    out,
                    name,
                    keystore != null ? KeystoreExport.Kind.KEYSTORE : KeystoreExport.Kind.TRUSTSTORE,
                    alias != null ? alias : name,
                    password(),
                    passwordFile == null ? null : passwordFile.toPath(),
                    jks,
                    format);
            if (upToDate(file, export)) {
                getLog().info(name + ": " + file + " is up to date");
                return;
            }
            OutputFiles.notAnInput(file, export.inputs().toArray(Path[]::new));
            OutputFiles.mayReplace(file, force);
            try (StagedFiles files = new StagedFiles(file.toAbsolutePath().getParent())) {
                files.stage(file.getFileName().toString(), export.bytes(), export.secret());
                files.commit();
            }
            getLog().info(name + ": wrote " + file + " (" + export.description() + ") under alias \""
                    + (alias != null ? alias : name) + "\"");
        }
    }

    /** Maven's stale check: the file exists and is not older than any file it is made from. */
    private static boolean upToDate(Path file, KeystoreExport export) {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            FileTime written = Files.getLastModifiedTime(file);
            for (Path input : export.inputs()) {
                if (Files.getLastModifiedTime(input).compareTo(written) > 0) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
