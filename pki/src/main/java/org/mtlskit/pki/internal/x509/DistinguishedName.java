package org.mtlskit.pki.internal.x509;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** A subject DN as a profile writes it: attributes in the order given, as OpenSSL's [dn] section does. */
public record DistinguishedName(List<Attribute> attributes) {

    public DistinguishedName {
        attributes = List.copyOf(attributes);
    }

    /** The attribute names a profile may use, spelt as in OpenSSL's configs. */
    public enum Field {
        CN(BCStyle.CN),
        O(BCStyle.O),
        OU(BCStyle.OU),
        L(BCStyle.L),
        ST(BCStyle.ST),
        C(BCStyle.C),
        emailAddress(BCStyle.EmailAddress);

        private final ASN1ObjectIdentifier oid;

        Field(ASN1ObjectIdentifier oid) {
            this.oid = oid;
        }

        public static Optional<Field> named(String name) {
            return Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst();
        }

        public static String allowedNames() {
            return String.join(", ", Arrays.stream(values()).map(Field::name).toList());
        }
    }

    public record Attribute(Field field, String value) {}

    public X500Name toX500Name() {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (Attribute a : attributes) {
            builder.addRDN(a.field().oid, a.value());
        }
        return builder.build();
    }

    public Optional<String> commonName() {
        return attributes.stream()
                .filter(a -> a.field() == Field.CN)
                .map(Attribute::value)
                .findFirst();
    }

    @Override
    public String toString() {
        return toX500Name().toString();
    }
}
