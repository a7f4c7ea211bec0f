package org.mtlskit.pki;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Revocation for a CA made from a profile: records revocations in the CA's state file
 * ({@link Revocations}) and writes the CA's signed CRL ({@code NAME_crl.pem} beside its certificate).
 */
public final class Revoker {
    private final ProfileSet profiles;
    private final Path out;
    private final Clock clock;
    private final char[] password;

    /** @param password for an encrypted CA key, or null */
    public Revoker(ProfileSet profiles, Path out, Clock clock, char[] password) {
        this.profiles = profiles;
        this.out = out;
        this.clock = clock;
        this.password = password;
    }

    /** What a revocation did: the CA, the entry, and whether it was new. */
    public record Revoked(Profile ca, Revocations.Entry entry, boolean alreadyRevoked, Path stateFile) {
    }

    /**
     * Revokes a leaf by its profile name (its certificate file is read) or a serial in hex (then
     * {@code caName} says which CA; default: "ca").
     */
    public Revoked revoke(String nameOrSerial, String caName, Revocations.Reason reason) {
        try (FolderLock lock = FolderLock.ifExists(out)) {
            return revokeLocked(nameOrSerial, caName, reason);
        }
    }

    private Revoked revokeLocked(String nameOrSerial, String caName, Revocations.Reason reason) {
        BigInteger serial;
        String subject = null;
        Profile ca;
        if (profileExists(nameOrSerial)) {
            Profile leaf = profiles.get(nameOrSerial);
            if (leaf.issuer() == null) {
                throw new PkiException(PkiException.Kind.INVALID_PROFILE, leaf.source() + ": \"" + leaf.name()
                        + "\" is a self-signed CA; nothing above it can revoke it");
            }
            ca = profiles.get(caName != null ? caName : leaf.issuer());
            X509Certificate cert = Pem.readCertificates(out.resolve(leaf.certFile())).get(0);
            X509Certificate caCert = caCertificate(ca);
            try {
                cert.verify(caCert.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw PkiException.unusableInput(out.resolve(leaf.certFile()) + ": was not issued by CA \"" + ca.name()
                        + "\" (" + out.resolve(ca.certFile()) + ")");
            }
            serial = cert.getSerialNumber();
            subject = cert.getSubjectX500Principal().getName();
        } else {
            ca = profiles.get(caName != null ? caName : Defaults.CA_PROFILE);
            serial = parseSerial(nameOrSerial);
        }
        if (!ca.ca()) {
            throw new PkiException(PkiException.Kind.INVALID_PROFILE, ca.source() + ": \"" + ca.name()
                    + "\" is not a CA, so it cannot revoke");
        }
        if (ca.extras().crlDays() == null) {
            throw new PkiException(PkiException.Kind.INVALID_PROFILE, ca.source() + ": CA \"" + ca.name()
                    + "\" publishes no CRL (its profile has no crl: section), so no peer would learn of the revocation; "
                    + "add crl: with days: N to it first");
        }
        Path stateFile = out.resolve(ca.revocationsFile());
        Revocations state = Revocations.read(stateFile);
        var existing = state.find(serial);
        if (existing.isPresent()) {
            return new Revoked(ca, existing.get(), true, stateFile);
        }
        Revocations.Entry entry = new Revocations.Entry(serial.toString(16), subject,
                clock.instant().truncatedTo(ChronoUnit.SECONDS), reason.name());
        try (StagedFiles files = new StagedFiles(out)) {
            files.stage(stateFile.getFileName().toString(), state.with(entry).toJson(), false);
            files.commit();
        }
        return new Revoked(ca, entry, false, stateFile);
    }

    /** What {@link #crl} wrote. */
    public record Written(Path crlFile, X509CRL crl, int entries) {
    }

    /**
     * Signs and writes the CA's CRL, valid for {@code validity}. An existing file there is replaced
     * when it is an earlier CRL of this CA, anything else only with {@code force}.
     */
    public Written crl(String caName, Duration validity, boolean force) {
        try (FolderLock lock = FolderLock.ifExists(out)) {
            return crlLocked(caName, validity, force);
        }
    }

    private Written crlLocked(String caName, Duration validity, boolean force) {
        Profile ca = profiles.get(caName);
        if (!ca.ca()) {
            throw new PkiException(PkiException.Kind.INVALID_PROFILE, ca.source() + ": \"" + ca.name()
                    + "\" is not a CA, so it has no CRL");
        }
        X509Certificate caCert = caCertificate(ca);
        PrivateKey caKey = Pem.readPrivateKey(out.resolve(ca.keyFile()), password);
        CaFiles.requireMatch(caKey, caCert, out.resolve(ca.keyFile()), out.resolve(ca.certFile()));
        Path stateFile = out.resolve(ca.revocationsFile());
        Revocations state = Revocations.read(stateFile);
        Revocations next = state.withCrlNumber(state.crlNumber() + 1);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509CRL crl = CrlBuilder.build(caCert, caKey, ca.digest(), next, now, now.plus(validity));
        Path crlPath = out.resolve(ca.crlFile());
        OutputFiles.notAnInput(crlPath, out.resolve(ca.certFile()), out.resolve(ca.keyFile()), stateFile);
        if (!force && Files.isRegularFile(crlPath) && !isCrlOf(crlPath, caCert)) {
            throw new PkiException(PkiException.Kind.OUTPUT_EXISTS, crlPath + ": exists and is not a CRL of CA \""
                    + ca.name() + "\"", PkiException.Remedy.REPLACE_ALLOWED);
        }
        try (StagedFiles files = new StagedFiles(out)) {
            files.stageBeforeOthers(stateFile.getFileName().toString(), next.toJson());
            files.stageBeforeOthers(crlPath.getFileName().toString(), CrlBuilder.pem(crl));
            files.commit();
        }
        return new Written(crlPath, crl, next.revoked().size());
    }

    /** Whether {@code file} is a CRL {@code caCert} signed: the earlier CRL a new one replaces without --force. */
    private static boolean isCrlOf(Path file, X509Certificate caCert) {
        try {
            Pem.readCrl(file).verify(caCert.getPublicKey());
            return true;
        } catch (PkiException | GeneralSecurityException e) {
            return false;
        }
    }

    private X509Certificate caCertificate(Profile ca) {
        Path certFile = out.resolve(ca.certFile());
        CaFiles.requireExisting("make the CA first: ca-tool init " + ca.name(), certFile);
        return Pem.readCertificates(certFile).get(0);
    }

    private boolean profileExists(String name) {
        return profiles.all().stream().anyMatch(p -> p.name().equals(name));
    }

    private static BigInteger parseSerial(String text) {
        String hex = text.toLowerCase(Locale.ROOT).replace(":", "").replaceFirst("^0x", "");
        if (!hex.matches("[0-9a-f]{1,40}")) {
            throw new PkiException(PkiException.Kind.UNUSABLE_INPUT, "\"" + text + "\" is neither a profile name nor a "
                    + "serial number in hex (as openssl x509 -serial prints it)");
        }
        return new BigInteger(hex, 16);
    }
}
