package org.mtlskit.catool;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Certificates Bouncy Castle's builders refuse to make: a well-formed one is taken apart, its TBS
 * changed, and signed again by the issuer's key, so only the one rule the test is about is broken.
 */
final class MalformedCerts {
    private MalformedCerts() {}

    /** The DER of {@code cert} with its TBS changed and signed by {@code signer} (ECDSA with SHA-256). */
    static byte[] rewritten(
            X509Certificate cert,
            PrivateKey signer,
            UnaryOperator<ASN1EncodableVector> change,
            AlgorithmIdentifier outerAlgorithm) {
        try {
            ASN1Sequence whole = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(cert.getEncoded()));
            ASN1Sequence tbs = ASN1Sequence.getInstance(whole.getObjectAt(0));
            ASN1EncodableVector fields = new ASN1EncodableVector();
            tbs.forEach(fields::add);
            byte[] newTbs = new DERSequence(change.apply(fields)).getEncoded("DER");
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(signer);
            s.update(newTbs);
            ASN1EncodableVector out = new ASN1EncodableVector();
            out.add(ASN1Primitive.fromByteArray(newTbs));
            out.add(outerAlgorithm != null ? outerAlgorithm : whole.getObjectAt(1));
            out.add(new DERBitString(s.sign()));
            return new DERSequence(out).getEncoded("DER");
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A vector with element {@code index} replaced. */
    static ASN1EncodableVector replace(ASN1EncodableVector v, int index, org.bouncycastle.asn1.ASN1Encodable with) {
        ASN1EncodableVector out = new ASN1EncodableVector();
        for (int i = 0; i < v.size(); i++) {
            out.add(i == index ? with : v.get(i));
        }
        return out;
    }

    static X509Certificate read(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
