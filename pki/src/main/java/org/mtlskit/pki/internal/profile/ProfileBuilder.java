package org.mtlskit.pki.internal.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mtlskit.pki.KeySpec;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.internal.x509.Digest;
import org.mtlskit.pki.internal.x509.DistinguishedName;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.KeyUsageBit;
import org.mtlskit.pki.internal.x509.SubjectAltNames;

/**
 * A {@link Profile} made in code rather than read from YAML, field by field by name, every field not
 * set taking the value a profile file would get ({@link Defaults}): what {@code Credential.Builder}
 * builds its certificate from. A profile made here writes no files (no key, CSR or certificate names).
 */
public final class ProfileBuilder {
    private final String name;
    private String issuer;
    private boolean ca;
    private Integer pathLen;
    private KeySpec key = Defaults.KEY;
    private Digest digest = Defaults.DIGEST;
    private Validity validity;
    private DistinguishedName subject;
    private Set<KeyUsageBit> keyUsage;
    private final List<ExtendedKeyUsage> extendedKeyUsage = new ArrayList<>();
    private SubjectAltNames subjectAltName = SubjectAltNames.NONE;

    /** A profile named {@code name}, whose subject is CN={@code name} unless {@link #subject} says otherwise. */
    public ProfileBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Issued by the CA named {@code issuer} (a profile name, or the issuing certificate's subject). */
    public ProfileBuilder issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    /** A CA under which at most {@code pathLen} CAs may stand (null: no limit). */
    public ProfileBuilder ca(Integer pathLen) {
        this.ca = true;
        this.pathLen = pathLen;
        return this;
    }

    public ProfileBuilder key(KeySpec key) {
        this.key = Objects.requireNonNull(key, "key");
        return this;
    }

    public ProfileBuilder digest(Digest digest) {
        this.digest = Objects.requireNonNull(digest, "digest");
        return this;
    }

    public ProfileBuilder validity(Validity validity) {
        this.validity = Objects.requireNonNull(validity, "validity");
        return this;
    }

    public ProfileBuilder subject(DistinguishedName subject) {
        this.subject = Objects.requireNonNull(subject, "subject");
        return this;
    }

    /** keyUsage; by default the bits a profile of this role and key type gets ({@link Defaults#keyUsage}). */
    public ProfileBuilder keyUsage(Set<KeyUsageBit> keyUsage) {
        this.keyUsage = Set.copyOf(keyUsage);
        return this;
    }

    public ProfileBuilder extendedKeyUsage(ExtendedKeyUsage purpose) {
        extendedKeyUsage.add(Objects.requireNonNull(purpose, "purpose"));
        return this;
    }

    public ProfileBuilder subjectAltName(SubjectAltNames subjectAltName) {
        this.subjectAltName = Objects.requireNonNull(subjectAltName, "subjectAltName");
        return this;
    }

    public Profile build() {
        if (validity == null) {
            throw new IllegalStateException("no validity: a profile made in code says how long it is valid");
        }
        DistinguishedName dn = subject != null
                ? subject
                : new DistinguishedName(List.of(new DistinguishedName.Attribute(DistinguishedName.Field.CN, name)));
        return new Profile(
                name,
                null,
                ca,
                issuer,
                key,
                digest,
                validity,
                dn,
                pathLen,
                keyUsage != null ? keyUsage : Defaults.keyUsage(ca, key),
                extendedKeyUsage,
                subjectAltName,
                false,
                null,
                null,
                null,
                Profile.Extras.NONE);
    }
}
