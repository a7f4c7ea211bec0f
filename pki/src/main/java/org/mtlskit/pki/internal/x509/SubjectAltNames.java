package org.mtlskit.pki.internal.x509;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** The subjectAltName entries of a profile, by kind, in the order written. */
public record SubjectAltNames(List<String> dns, List<String> ip, List<String> email, List<String> uri) {

    public static final SubjectAltNames NONE = new SubjectAltNames(List.of(), List.of(), List.of(), List.of());

    public SubjectAltNames {
        dns = List.copyOf(dns);
        ip = List.copyOf(ip);
        email = List.copyOf(email);
        uri = List.copyOf(uri);
    }

    public boolean isEmpty() {
        return dns.isEmpty() && ip.isEmpty() && email.isEmpty() && uri.isEmpty();
    }

    public static GeneralNames generalNames(SubjectAltNames san) {
        List<GeneralName> names = new ArrayList<>();
        san.dns().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        for (String ip : san.ip()) {
            names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ipBytes(ip))));
        }
        san.email().forEach(e -> names.add(new GeneralName(GeneralName.rfc822Name, e)));
        san.uri().forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /** The bytes of an IP literal the profile parser has already checked, so no lookup happens. */
    public static byte[] ipBytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
    }

    /** The SAN extension's names, or none. */
    public static GeneralName[] inCertificate(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (ext == null) {
            return new GeneralName[0];
        }
        return GeneralNames.getInstance(ASN1OctetString.getInstance(ext).getOctets())
                .getNames();
    }
}
