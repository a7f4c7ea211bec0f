package org.mtlskit.pki.internal.confimport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.FolderLock;
import org.mtlskit.pki.internal.files.InputFiles;
import org.mtlskit.pki.internal.files.OutputFiles;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileParser;
import org.mtlskit.pki.internal.profile.ProfileSet;

/**
 * Turns an OpenSSL {@code req} config (the demo's ca.conf and cert.conf) into a YAML profile, and
 * says which lines it could not map. What is mapped: in {@code [ req ]}, {@code default_bits},
 * {@code default_md}, {@code distinguished_name}, {@code x509_extensions}, {@code req_extensions};
 * the DN section's fields; in the extensions section, {@code basicConstraints}, {@code keyUsage},
 * {@code extendedKeyUsage}, {@code subjectAltName} (inline or {@code @section} with DNS.n, IP.n,
 * email.n, URI.n), and {@code subjectKeyIdentifier}/{@code authorityKeyIdentifier}, which ca-tool
 * always writes.
 *
 * <p>Which certificate it is: a config that names {@code x509_extensions} and no
 * {@code req_extensions} makes a self-signed certificate ({@code openssl req -x509}), which in
 * ca-tool is a CA; any other is issued by a CA profile ({@code --issuer}, default "ca"), with the
 * extensions of {@code req_extensions} (as {@code openssl x509 -req -extfile F -extensions} uses
 * them in the demo), else of {@code x509_extensions}. A config has no validity: it is the days
 * given, else ca-tool's default, which is the demo's {@code -days} (3650 for a CA, 365 for a leaf).
 */
public final class ProfileImport {
    private ProfileImport() {}

    /** A line, or part of one, that has no place in the profile. */
    public record Unmapped(int line, String text, String reason) {}

    /**
     * What an import made.
     *
     * @param file     the profile file written (or that would be written, for {@link #convert})
     * @param unmapped every line, or part of a line, not in the profile, in file order
     * @param notes    decisions the import made that the config does not state
     */
    public record Result(
            String name, Path file, String yaml, Profile profile, List<Unmapped> unmapped, List<String> notes) {}

    /**
     * Reads {@code confFile} and writes profile {@code name} (null: the file's name without .conf/.cnf)
     * into {@code profilesDir}, atomically; an existing profile is replaced only with {@code force}.
     *
     * @param issuer the issuing CA profile for an issued certificate, or null for {@link org.mtlskit.pki.internal.Defaults#CA_PROFILE}
     * @param days   the validity in days, or null for ca-tool's default
     */
    public static Result importFile(
            Path confFile, String name, Path profilesDir, String issuer, Integer days, boolean force) {
        String profileName = name != null ? name : defaultName(confFile);
        if (!ProfileParser.isValidName(profileName)) {
            throw new PkiException(
                    PkiException.Kind.UNUSABLE_INPUT,
                    "\"" + profileName + "\" is not a profile name; " + "use letters, digits, '-', '_' and '.'",
                    PkiException.Remedy.PROFILE_NAME_NEEDED);
        }
        Path target = profilesDir.resolve(profileName + ".yaml");
        try (FolderLock lock = FolderLock.forWriting(profilesDir)) {
            return write(confFile, profileName, target, issuer, days, force);
        }
    }

    private static Result write(
            Path confFile, String profileName, Path target, String issuer, Integer days, boolean force) {
        OutputFiles.notAnInput(target, confFile);
        if (!force && Files.exists(target)) {
            throw new PkiException(
                    PkiException.Kind.OUTPUT_EXISTS,
                    target + ": exists already",
                    PkiException.Remedy.REPLACE_OR_OTHER_NAME);
        }
        Result result = convert(confFile, read(confFile), profileName, target, issuer, days);
        if (Files.exists(target)) {
            ProfileSet.refuseBreakingReplacement(target.getParent(), target, result.yaml());
        }
        try (StagedFiles files = new StagedFiles(target.getParent())) {
            files.stage(target.getFileName().toString(), result.yaml(), false);
            files.commit();
        }
        return result;
    }

    /** The profile for a config's text; pure, writes nothing. */
    static Result convert(Path confFile, String text, String name, Path target, String issuer, Integer days) {
        return new ConfConverter(confFile, OpenSslConfig.parse(text), issuer, days).convert(name, target);
    }

    private static String read(Path confFile) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(InputFiles.read(confFile, InputFiles.Kind.OPENSSL_CONFIG)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw PkiException.unusableInput(confFile + ": not UTF-8 text; expected an OpenSSL config file");
        }
    }

    static String defaultName(Path confFile) {
        return confFile.getFileName().toString().replaceFirst("\\.(conf|cnf)$", "");
    }
}
