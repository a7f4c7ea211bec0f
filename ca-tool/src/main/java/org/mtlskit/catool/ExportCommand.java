package org.mtlskit.catool;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.FolderLock;
import org.mtlskit.pki.internal.files.OutputFiles;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.internal.fixtures.KeystoreExport;
import org.mtlskit.pki.internal.pem.Keystores;
import org.mtlskit.pki.internal.pem.Pkcs12Format;
import org.mtlskit.pki.internal.profile.ProfileSet;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a profile's key and chain, or a CA's certificate, as a keystore for Java or Android clients.",
            "With --pkcs12 FILE, the key, certificate and chain (up to the root) go under one alias; with "
                    + "--truststore FILE, a CA's certificate is a trusted entry (password: changeit unless given).",
            "The file is PKCS#12 (keytool and openssl pkcs12 read it); --pkcs12-format legacy writes it for older "
                    + "readers, and --jks writes the older JKS format instead."
        })
final class ExportCommand implements Callable<Integer> {
    @Mixin
    private CommandContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile whose files to export.")
    private String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    static final class Target {
        @Option(names = "--pkcs12", paramLabel = "FILE", description = "Keystore with key and chain.")
        Path keystore;

        @Option(names = "--truststore", paramLabel = "FILE", description = "Truststore with the CA certificate.")
        Path truststore;
    }

    @Option(names = "--alias", paramLabel = "ALIAS", description = "Entry name (default: the profile name).")
    private String alias;

    @Option(names = "--jks", description = "Write JKS instead of PKCS#12.")
    private boolean jks;

    @Option(
            names = "--pkcs12-format",
            paramLabel = "FORMAT",
            defaultValue = "modern",
            converter = Pkcs12FormatConverter.class,
            description = "modern (AES-256, HMAC-SHA-256 MAC, the default) or legacy (PBE-SHA1-3DES, SHA-1 MAC), "
                    + "for Java 8 before 8u301, Android 12 and older, the macOS keychain and older Windows.")
    private Pkcs12Format format;

    /** Reads modern or legacy. */
    static final class Pkcs12FormatConverter implements picocli.CommandLine.ITypeConverter<Pkcs12Format> {
        @Override
        public Pkcs12Format convert(String value) {
            return Pkcs12Format.named(value)
                    .orElseThrow(() -> new picocli.CommandLine.TypeConversionException(
                            "expected one of " + Pkcs12Format.allowedNames() + ", got \"" + value + "\""));
        }
    }

    @Option(names = "--force", description = "Replace an existing FILE (never one this command reads).")
    private boolean force;

    @Override
    public Integer call() {
        try (FolderLock lock = FolderLock.ifExists(context.folders.out)) {
            return export();
        }
    }

    private Integer export() {
        ProfileSet profiles = ProfileSet.load(context.folders.profiles);
        profiles.get(name);
        char[] pw = context.password.read(context.tool().env);
        Path file = target.keystore != null ? target.keystore : target.truststore;
        if (!jks) {
            Keystores.requirePkcs12Password(
                    pw,
                    (context.password.file() != null ? context.password.file().toString() : "the password") + " (for "
                            + file + ")");
        }
        // What only the command line can get wrong is said in its flags here; the rest is the library's.
        if (target.keystore != null && pw == null) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    target.keystore + ": a keystore holds a "
                            + "private key and needs a password: give --password-file FILE or --password-env VARIABLE");
        }
        if (format == Pkcs12Format.LEGACY && (jks || target.keystore == null)) {
            throw new picocli.CommandLine.ParameterException(
                    context.spec().commandLine(),
                    target.keystore == null
                            ? "--pkcs12-format legacy is for --pkcs12 keystores; a truststore is written in the modern "
                                    + "format"
                            : "--pkcs12-format legacy is a PKCS#12 format; it cannot be combined with --jks");
        }
        String entry = alias != null ? alias : name;
        KeystoreExport export = KeystoreExport.of(
                profiles,
                context.folders.out,
                name,
                target.keystore != null ? KeystoreExport.Kind.KEYSTORE : KeystoreExport.Kind.TRUSTSTORE,
                entry,
                pw,
                context.password.file(),
                jks,
                format);
        OutputFiles.notAnInput(file, export.inputs().toArray(Path[]::new));
        OutputFiles.mayReplace(file, force);
        Path dir = file.toAbsolutePath().getParent();
        try (StagedFiles files = new StagedFiles(dir)) {
            files.stage(file.getFileName().toString(), export.bytes(), export.secret());
            files.commit();
        }
        context.out()
                .println(name + ": wrote " + file + " (" + export.description() + ") under alias \"" + entry + "\"");
        return ExitCodes.OK;
    }
}
