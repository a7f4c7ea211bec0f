package org.mtlskit.junit5;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.mtlskit.pki.Credential;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.fixtures.Fixtures;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.internal.profile.Profile;
import org.mtlskit.pki.internal.profile.ProfileSet;

/**
 * The files of a profiles folder, made as ca-tool fixtures makes them (keeping those that still
 * fit), and read back by profile name.
 */
public final class ProfileFixtures {
    private final ProfileSet profiles;
    private final Path out;

    private ProfileFixtures(ProfileSet profiles, Path out) {
        this.profiles = profiles;
        this.out = out;
    }

    /**
     * Makes (or keeps) every profile's files of {@code profilesFolder} in {@code out}, as
     * {@code ca-tool fixtures --profiles profilesFolder --out out} does.
     *
     * @throws org.mtlskit.pki.PkiException naming the file and what is wrong, for a bad profile
     */
    public static ProfileFixtures make(Path profilesFolder, Path out) {
        ProfileSet set = ProfileSet.load(profilesFolder);
        new Fixtures(set, out, Clock.systemUTC(), new SecureRandom(), line -> {})
                .fixtures(false, Defaults.RENEW_WITHIN);
        return new ProfileFixtures(set, out);
    }

    /** The output folder, where the files are. */
    public Path folder() {
        return out;
    }

    /** The profile names. */
    public List<String> names() {
        return profiles.all().stream().map(Profile::name).toList();
    }

    /** A profile's certificate and key; its certificate file must start with the key's certificate. */
    public Credential credential(String name) {
        Profile p = profiles.get(name);
        return Credential.fromPemFiles(out.resolve(p.certFile()), out.resolve(p.keyFile()), null);
    }

    /** A profile's certificate file, as it holds it (a deliberately misordered chain stays misordered). */
    public List<X509Certificate> chain(String name) {
        return Pem.readCertificates(out.resolve(profiles.get(name).certFile()));
    }

    public PrivateKey privateKey(String name) {
        return Pem.readPrivateKey(out.resolve(profiles.get(name).keyFile()));
    }

    Profile profile(String name) {
        return profiles.get(name);
    }
}
