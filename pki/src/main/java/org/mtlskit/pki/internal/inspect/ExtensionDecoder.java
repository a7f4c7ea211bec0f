package org.mtlskit.pki.internal.inspect;

import static org.mtlskit.pki.internal.inspect.OpenSslStyle.colonHex;
import static org.mtlskit.pki.internal.inspect.OpenSslStyle.hex;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.mtlskit.pki.internal.inspect.Inspector.AltNames;
import org.mtlskit.pki.internal.inspect.Inspector.AuthorityKeyId;
import org.mtlskit.pki.internal.inspect.Inspector.BasicConstraintsValue;
import org.mtlskit.pki.internal.inspect.Inspector.DecodedExtension;
import org.mtlskit.pki.internal.inspect.Inspector.ExtensionValue;
import org.mtlskit.pki.internal.inspect.Inspector.KeyId;
import org.mtlskit.pki.internal.inspect.Inspector.NameList;
import org.mtlskit.pki.internal.inspect.Inspector.Number;
import org.mtlskit.pki.internal.inspect.Inspector.Raw;
import org.mtlskit.pki.internal.x509.AltName;
import org.mtlskit.pki.internal.x509.ExtendedKeyUsage;
import org.mtlskit.pki.internal.x509.ExtensionNames;
import org.mtlskit.pki.internal.x509.KeyUsageBit;

/**
 * Decodes the extensions of a certificate, CSR or CRL for {@link Inspector}: the ones ca-tool knows
 * into their values, every other one (and a malformed known one) raw.
 */
final class ExtensionDecoder {
    private ExtensionDecoder() {}

    static List<DecodedExtension> decode(Extensions extensions) {
        List<DecodedExtension> result = new ArrayList<>();
        if (extensions == null) {
            return result;
        }
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            Extension e = extensions.getExtension(oid);
            result.add(new DecodedExtension(oid.getId(), ExtensionNames.name(oid), e.isCritical(), value(e)));
        }
        return result;
    }

    private static ExtensionValue value(Extension e) {
        ASN1ObjectIdentifier oid = e.getExtnId();
        try {
            ASN1Encodable parsed = e.getParsedValue();
            if (oid.equals(Extension.basicConstraints)) {
                BasicConstraints bc = BasicConstraints.getInstance(parsed);
                BigInteger pathLen = bc.getPathLenConstraint();
                return new BasicConstraintsValue(bc.isCA(), pathLen == null ? null : pathLen.intValueExact());
            }
            if (oid.equals(Extension.keyUsage)) {
                KeyUsage ku = KeyUsage.getInstance(parsed);
                return new NameList(Arrays.stream(KeyUsageBit.values())
                        .filter(b -> ku.hasUsages(b.bcBit()))
                        .map(KeyUsageBit::yamlName)
                        .toList());
            }
            if (oid.equals(Extension.extendedKeyUsage)) {
                List<String> names = new ArrayList<>();
                for (KeyPurposeId id : org.bouncycastle.asn1.x509.ExtendedKeyUsage.getInstance(parsed)
                        .getUsages()) {
                    names.add(
                            id.getId().equals("2.5.29.37.0")
                                    ? "anyExtendedKeyUsage"
                                    : ExtendedKeyUsage.fromOid(id.getId())
                                            .map(ExtendedKeyUsage::yamlName)
                                            .orElse(id.getId()));
                }
                return new NameList(names);
            }
            if (oid.equals(Extension.subjectAlternativeName) || oid.equals(Extension.issuerAlternativeName)) {
                return new AltNames(AltName.of(GeneralNames.getInstance(parsed)));
            }
            if (oid.equals(Extension.subjectKeyIdentifier)) {
                return new KeyId(
                        colonHex(SubjectKeyIdentifier.getInstance(parsed).getKeyIdentifier()));
            }
            if (oid.equals(Extension.authorityKeyIdentifier)) {
                AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(parsed);
                return new AuthorityKeyId(
                        aki.getKeyIdentifier() == null ? null : colonHex(aki.getKeyIdentifier()),
                        aki.getAuthorityCertIssuer() == null ? null : AltName.of(aki.getAuthorityCertIssuer()),
                        aki.getAuthorityCertSerialNumber() == null ? null : hex(aki.getAuthorityCertSerialNumber()));
            }
            if (oid.equals(Extension.cRLNumber)
                    || oid.equals(Extension.deltaCRLIndicator)
                    || oid.equals(Extension.inhibitAnyPolicy)) {
                return new Number(ASN1Integer.getInstance(parsed).getValue());
            }
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException ex) {
            // a malformed value of a known extension is shown raw, as are unknown ones
        }
        return new Raw(HexFormat.of().formatHex(e.getExtnValue().getOctets()));
    }
}
