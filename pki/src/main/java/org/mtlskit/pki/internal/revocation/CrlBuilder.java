package org.mtlskit.pki.internal.revocation;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.mtlskit.pki.internal.x509.Digest;

/** Signed CRLs (RFC 5280 version 2, with CRL number and AKI), pure like {@link org.mtlskit.pki.internal.issue.Issuance}. */
public final class CrlBuilder {
    private CrlBuilder() {}

    public static X509CRL build(
            X509Certificate caCert,
            PrivateKey caKey,
            Digest digest,
            Revocations state,
            Instant thisUpdate,
            Instant nextUpdate) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (Revocations.Entry e : state.revoked()) {
                builder.addCRLEntry(
                        e.serialNumber(),
                        Date.from(e.revokedAt()),
                        Revocations.Reason.named(e.reason()).orElse(Revocations.Reason.unspecified).code);
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(state.crlNumber())));
            byte[] ski = caCert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            if (ski != null) {
                byte[] id = SubjectKeyIdentifier.getInstance(
                                ASN1OctetString.getInstance(ski).getOctets())
                        .getKeyIdentifier();
                builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(id));
            }
            return new JcaX509CRLConverter()
                    .getCRL(builder.build(new JcaContentSignerBuilder(digest.signatureAlgorithm(caKey)).build(caKey)));
        } catch (IOException | CRLException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a CRL", e);
        }
    }

    public static String pem(X509CRL crl) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("X509 CRL", crl.getEncoded()));
        } catch (IOException | CRLException e) {
            throw new IllegalStateException("cannot encode a CRL", e);
        }
        return out.toString();
    }
}
