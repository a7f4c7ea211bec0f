package org.mtlskit.pki.internal.x509;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * One subjectAltName (or issuerAltName) entry as text.
 *
 * @param type  dns, ip, email, uri (the kinds a profile holds), or dirName, otherName, rid, x400Address,
 *              ediPartyName
 * @param value the name; an IP address in Java's canonical text form; otherName as OID:hex of its value
 */
public record AltName(String type, String value) {

    public static List<AltName> of(GeneralNames names) {
        List<AltName> result = new ArrayList<>();
        if (names != null) {
            for (GeneralName n : names.getNames()) {
                result.add(of(n));
            }
        }
        return result;
    }

    /** A profile's SAN entries, in the order a certificate made from it holds them. */
    public static List<AltName> of(SubjectAltNames names) {
        return of(SubjectAltNames.generalNames(names));
    }

    public static AltName of(GeneralName name) {
        ASN1Encodable v = name.getName();
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> new AltName("dns", text(v));
            case GeneralName.iPAddress ->
                new AltName("ip", ip(ASN1OctetString.getInstance(v).getOctets()));
            case GeneralName.rfc822Name -> new AltName("email", text(v));
            case GeneralName.uniformResourceIdentifier -> new AltName("uri", text(v));
            case GeneralName.directoryName ->
                new AltName("dirName", X500Name.getInstance(v).toString());
            case GeneralName.registeredID ->
                new AltName("rid", ASN1ObjectIdentifier.getInstance(v).getId());
            case GeneralName.otherName -> new AltName("otherName", hex(v));
            case GeneralName.x400Address -> new AltName("x400Address", hex(v));
            default -> new AltName("ediPartyName", hex(v));
        };
    }

    /** Whether a profile could hold this entry, so that ca-tool sign can copy it from a CSR. */
    public boolean fitsProfile() {
        return switch (type) {
            case "dns" -> NameSyntax.isDnsName(value);
            case "ip" -> NameSyntax.isIpLiteral(value);
            case "email" -> NameSyntax.isEmailAddress(value);
            case "uri" -> NameSyntax.isAbsoluteUri(value);
            default -> false;
        };
    }

    /** As OpenSSL prints it: DNS:localhost, IP:127.0.0.1, email:..., URI:..., DirName:..., othername:... */
    @Override
    public String toString() {
        String prefix = switch (type) {
            case "dns" -> "DNS";
            case "ip" -> "IP";
            case "uri" -> "URI";
            case "dirName" -> "DirName";
            case "rid" -> "Registered ID";
            case "otherName" -> "othername";
            default -> type;
        };
        return prefix + ":" + value;
    }

    private static String text(ASN1Encodable v) {
        return v instanceof ASN1String s ? s.getString() : String.valueOf(v);
    }

    private static String ip(byte[] bytes) {
        if (bytes.length != 4 && bytes.length != 16) {
            return "(" + bytes.length + " bytes: " + HexFormat.of().formatHex(bytes) + ")";
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static String hex(ASN1Encodable v) {
        try {
            return HexFormat.of().formatHex(v.toASN1Primitive().getEncoded("DER"));
        } catch (IOException e) {
            return "(unencodable)";
        }
    }
}
