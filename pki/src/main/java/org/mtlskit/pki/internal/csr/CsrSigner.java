package org.mtlskit.pki.internal.csr;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.internal.files.FolderLock;
import org.mtlskit.pki.internal.files.OutputFiles;
import org.mtlskit.pki.internal.files.StagedFiles;
import org.mtlskit.pki.internal.issue.CaFiles;
import org.mtlskit.pki.internal.issue.Issuance;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;
import org.mtlskit.pki.internal.x509.AltName;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * Issues a certificate for a CSR made elsewhere, like {@code openssl x509 -req}: the subject and key
 * come from the CSR, everything else from a leaf profile. The CSR's requested subjectAltName entries
 * are taken only when the profile says {@code extensions.subjectAltName.fromCsr: true}; its other
 * requested extensions never are.
 */
public final class CsrSigner {

    /** A requested SAN entry that is not in the certificate, and why. */
    public record Ignored(AltName name, String reason) {}

    /**
     * A certificate made for a CSR.
     *
     * @param subjectAltName the certificate's SAN entries
     * @param taken          the CSR's requested entries put in the certificate (with fromCsr; empty without it)
     * @param ignored        the CSR's requested entries that are not, with the reason
     * @param notes          what else differs from the profile or the CSR, one sentence each
     */
    public record Issued(
            X509Certificate certificate,
            List<AltName> subjectAltName,
            List<AltName> taken,
            List<Ignored> ignored,
            List<String> notes) {}

    /** What {@link #sign} did. */
    public record Signed(Profile profile, Profile ca, CertificateRequest request, Issued issued, Path certFile) {}

    private final ProfileSet profiles;
    private final Path out;
    private final Clock clock;
    private final SecureRandom random;
    private final char[] password;

    /** @param password for an encrypted CA key, or null */
    public CsrSigner(ProfileSet profiles, Path out, Clock clock, SecureRandom random, char[] password) {
        this.profiles = profiles;
        this.out = out;
        this.clock = clock;
        this.random = random;
        this.password = password;
    }

    /**
     * Signs the CSR in {@code csrFile} with CA {@code caName}'s files in the output folder.
     *
     * @param profileName the leaf profile; null picks the profile whose files.csr is the CSR's file name
     * @param certFile    where to write; null writes the profile's certificate file in the output folder
     * @param force       replace an existing certificate file (never a file the signing reads)
     */
    public Signed sign(Path csrFile, String caName, String profileName, Path certFile, boolean force) {
        try (FolderLock lock = FolderLock.ifExists(out)) {
            return signLocked(csrFile, caName, profileName, certFile, force);
        }
    }

    private Signed signLocked(Path csrFile, String caName, String profileName, Path certFile, boolean force) {
        Profile profile = profileName != null ? profiles.get(profileName) : profileFor(csrFile);
        if (profile.ca()) {
            throw new PkiException(
                    PkiException.Kind.INVALID_PROFILE,
                    profile.source() + ": \"" + profile.name()
                            + "\" is a CA profile; ca-tool sign issues leaf certificates",
                    PkiException.Remedy.LEAF_PROFILE_NEEDED);
        }
        Profile ca = profiles.get(caName);
        if (!ca.ca()) {
            throw new PkiException(
                    PkiException.Kind.INVALID_PROFILE,
                    ca.source() + ": \"" + caName + "\" is not a CA profile (no ca: true), so it cannot sign");
        }
        // The certificate is read and checked before the key, so a CA made elsewhere is named first.
        Path caCertFile = out.resolve(ca.certFile());
        Path caKeyFile = out.resolve(ca.keyFile());
        CaFiles caFiles = new CaFiles(profiles, out, password);
        CaFiles.requireExisting(
                "make the CA first: ca-tool init " + ca.name() + caFiles.outOption(), caCertFile, caKeyFile);
        List<X509Certificate> caChain = Pem.readCertificates(caCertFile);
        CaFiles.requireCa(caChain.get(0), caCertFile);
        PrivateKey caKey = Pem.readPrivateKey(caKeyFile, password);
        CaFiles.requireMatch(caKey, caChain.get(0), caKeyFile, caCertFile);
        CertificateRequest request = CertificateRequest.read(csrFile);
        Issued issued = issue(profile, request, new Issuance.Issuer(caChain.get(0), caKey), clock, random);

        List<X509Certificate> fileChain = new ArrayList<>();
        fileChain.add(issued.certificate());
        X509Certificate caCert = caChain.get(0);
        if (!caCert.getSubjectX500Principal().equals(caCert.getIssuerX500Principal())) {
            fileChain.addAll(caChain); // below an intermediate, the file holds the chain, as Fixtures writes it
        }
        Path target = certFile != null ? certFile : out.resolve(profile.certFile());
        OutputFiles.notAnInput(
                target, csrFile, out.resolve(ca.certFile()), out.resolve(ca.keyFile()), profile.source(), ca.source());
        OutputFiles.mayReplace(target, force);
        Path dir = target.getParent() != null ? target.getParent() : Path.of("");
        Path written;
        try (StagedFiles files = new StagedFiles(dir)) {
            files.stage(target.getFileName().toString(), Pem.certificates(fileChain), false);
            written = files.commit().get(0);
        }
        return new Signed(profile, ca, request, issued, written);
    }

    private Profile profileFor(Path csrFile) {
        String name = csrFile.getFileName().toString();
        List<Profile> matching = profiles.all().stream()
                .filter(p -> !p.ca() && name.equals(p.csrFile()))
                .toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        throw PkiException.unusableInput(
                csrFile + ": no leaf profile in " + profiles.dir() + " names " + name + " as its CSR file",
                PkiException.Remedy.PROFILE_NEEDED);
    }

    /**
     * The certificate for a checked CSR: its subject and key, the profile's validity, digest and
     * extensions, the SAN as {@link Profile#subjectAltNameFromCsr()} decides. Pure: no file I/O.
     */
    static Issued issue(
            Profile profile, CertificateRequest request, Issuance.Issuer issuer, Clock clock, SecureRandom random) {
        if (profile.deliberatelyBroken()) {
            // A CSR comes from someone who wants a certificate that works; a broken one is made only
            // by fixtures and issue, whose every line says so.
            throw new PkiException(
                    PkiException.Kind.INVALID_PROFILE,
                    profile.source() + ": defects: this profile makes "
                            + "deliberately broken certificates; ca-tool sign refuses it (make it with ca-tool fixtures or issue)");
        }
        List<String> notes = new ArrayList<>();
        SubjectAltNames san;
        List<AltName> taken = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        if (profile.subjectAltNameFromCsr()) {
            san = fromRequest(request.requestedNames(), taken, ignored);
            boolean hostName = !san.dns().isEmpty() || !san.ip().isEmpty();
            if (profile.extendedKeyUsage().contains(ExtendedKeyUsage.SERVER_AUTH) && !hostName) {
                throw PkiException.unusableInput(request.file() + ": the CSR asks for no DNS or IP subjectAltName, and "
                        + "profile \"" + profile.name() + "\" (serverAuth) takes its SAN from the CSR (fromCsr: true); "
                        + "TLS clients check the hostname against the SAN, so make the CSR with one");
            }
        } else {
            san = profile.subjectAltName();
            Set<AltName> fixed = new LinkedHashSet<>(AltName.of(san));
            // The profile's entries are used; a requested one among them is no more "taken" than ignored.
            for (AltName requested : request.requestedNames()) {
                if (!fixed.contains(requested)) {
                    ignored.add(new Ignored(
                            requested,
                            "profile \"" + profile.name()
                                    + "\" does not take SANs from a CSR (extensions.subjectAltName.fromCsr)"));
                }
            }
        }
        Set<KeyUsageBit> keyUsage = keyUsageFor(profile, request, notes);
        if (!request.otherRequested().isEmpty()) {
            notes.add("requested " + String.join(", ", request.otherRequested()) + " not copied: the profile decides "
                    + "the extensions");
        }
        Profile effective = new Profile(
                profile.name(),
                profile.source(),
                profile.ca(),
                profile.issuer(),
                profile.key(),
                profile.digest(),
                profile.validity(),
                profile.subject(),
                profile.pathLen(),
                keyUsage,
                profile.extendedKeyUsage(),
                san,
                profile.subjectAltNameFromCsr(),
                profile.keyFile(),
                profile.csrFile(),
                profile.certFile(),
                profile.extras());
        X509Certificate certificate = build(effective, request, issuer, clock, random);
        return new Issued(certificate, AltName.of(san), taken, ignored, notes);
    }

    /** The requested entries a profile could hold, without repeats; the rest go to {@code ignored}. */
    private static SubjectAltNames fromRequest(List<AltName> requested, List<AltName> taken, List<Ignored> ignored) {
        List<String> dns = new ArrayList<>();
        List<String> ip = new ArrayList<>();
        List<String> email = new ArrayList<>();
        List<String> uri = new ArrayList<>();
        for (AltName name : requested) {
            if (taken.contains(name)) {
                continue;
            }
            if (!name.fitsProfile()) {
                ignored.add(new Ignored(
                        name,
                        switch (name.type()) {
                            case "dns" -> "not a DNS name a profile can hold";
                            case "ip" -> "not an IPv4 or IPv6 address";
                            case "email" -> "not an email address";
                            case "uri" -> "not an absolute URI";
                            default -> "a profile's SAN holds dns, ip, email and uri entries only";
                        }));
                continue;
            }
            taken.add(name);
            switch (name.type()) {
                case "dns" -> dns.add(name.value());
                case "ip" -> ip.add(name.value());
                case "email" -> email.add(name.value());
                default -> uri.add(name.value());
            }
        }
        return new SubjectAltNames(dns, ip, email, uri);
    }

    /** The profile's keyUsage, without the enciphering bits when the CSR's key is not RSA. */
    private static Set<KeyUsageBit> keyUsageFor(Profile profile, CertificateRequest request, List<String> notes) {
        Set<KeyUsageBit> bits = EnumSet.noneOf(KeyUsageBit.class);
        bits.addAll(profile.keyUsage());
        if (!request.keyDescription().algorithm().equals("RSA")
                && (bits.remove(KeyUsageBit.KEY_ENCIPHERMENT) | bits.remove(KeyUsageBit.DATA_ENCIPHERMENT))) {
            notes.add("keyUsage without keyEncipherment/dataEncipherment: the CSR's key is "
                    + request.keyDescription().displayName() + ", which cannot encipher");
            if (bits.isEmpty()) {
                bits.add(KeyUsageBit.DIGITAL_SIGNATURE); // what a non-RSA leaf does in TLS: sign the handshake
            }
        }
        return bits;
    }

    private static X509Certificate build(
            Profile profile, CertificateRequest request, Issuance.Issuer issuer, Clock clock, SecureRandom random) {
        return Issuance.issue(profile, request.subject(), request.key(), issuer, clock, random);
    }
}
