import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The experiment behind CertificateVerifier's choice of engine: Bouncy Castle's own PKIX
 * CertPathBuilder on 100 CA certificates of one subject, and on two certificates of one CA key
 * where the first candidate fails validation (expired). Run by scripts/bench-verify.sh with the
 * ca-tool jar (Bouncy Castle inside) on the class path.
 */
public class PkixBuilderExperiment {
    static long serial = 1;
    static final long DAY = 86_400_000L;

    public static void main(String[] args) throws Exception {
        Security.addProvider(new BouncyCastleProvider());
        KeyPair rootKey = key();
        X509Certificate root = cert("CN=Root", rootKey, null, rootKey.getPrivate(), true, 0);
        List<X509Certificate> crowd = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            crowd.add(cert("CN=Crowded CA", key(), root, rootKey.getPrivate(), true, 0));
        }
        KeyPair rightKey = key();
        X509Certificate right = cert("CN=Crowded CA", rightKey, root, rootKey.getPrivate(), true, 0);
        X509Certificate leaf = cert("CN=host.test", key(), right, rightKey.getPrivate(), false, 0);
        List<X509Certificate> found = new ArrayList<>(crowd);
        found.add(right);
        run("100 same-subject CAs, the leaf's issuer last", root, leaf, found);
        run("100 same-subject CAs, the leaf's issuer absent", root, leaf, crowd);
        X509Certificate expiredTwin = cert("CN=Crowded CA", rightKey, root, rootKey.getPrivate(), true, -10);
        run("two certificates of the issuer's key, the first expired", root, leaf, List.of(expiredTwin, right));
    }

    static void run(String name, X509Certificate root, X509Certificate leaf, List<X509Certificate> pool) throws Exception {
        List<Object> store = new ArrayList<>(pool);
        store.add(leaf);
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(leaf);
        PKIXBuilderParameters p = new PKIXBuilderParameters(Set.of(new TrustAnchor(root, null)), target);
        p.setRevocationEnabled(false);
        p.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
        long t0 = System.nanoTime();
        String verdict;
        try {
            CertPathBuilder.getInstance("PKIX", "BC").build(p);
            verdict = "built";
        } catch (Exception e) {
            verdict = "refused: " + e.getMessage();
        }
        System.out.printf("%-58s %6d ms  %s%n", name, (System.nanoTime() - t0) / 1_000_000, verdict);
    }

    static KeyPair key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static X509Certificate cert(String dn, KeyPair key, X509Certificate issuer, PrivateKey signer, boolean ca,
                                int daysShift) throws Exception {
        long now = System.currentTimeMillis() + daysShift * DAY;
        var b = issuer == null
                ? new JcaX509v3CertificateBuilder(new X500Name(dn), BigInteger.valueOf(serial++), new Date(now - DAY),
                        new Date(now + DAY), new X500Name(dn), key.getPublic())
                : new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial++), new Date(now - DAY),
                        new Date(now + DAY), new X500Name(dn), key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(signer)));
    }
}
