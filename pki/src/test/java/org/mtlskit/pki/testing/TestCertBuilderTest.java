package org.mtlskit.pki.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.pem.Pem;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;

/** The two kinds of test certificate: leaf/ca with their usual extensions, bare with only the stated ones. */
class TestCertBuilderTest {
    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void leafBelowCaCarriesBasicConstraintsKeyUsageAndBothKeyIdentifiers() throws Exception {
        Issued ca = TestCertBuilder.ca("Builder CA", NOW).pathLen(0).build();
        X509Certificate leaf = TestCertBuilder.leaf("leaf.test", NOW)
                .issuer(ca)
                .dns("leaf.test")
                .build()
                .cert();
        assertEquals(
                Set.of("2.5.29.19", "2.5.29.15", "2.5.29.17", "2.5.29.14", "2.5.29.35"),
                union(leaf.getCriticalExtensionOIDs(), leaf.getNonCriticalExtensionOIDs()));
        assertEquals(-1, leaf.getBasicConstraints());
        assertEquals(0, ca.cert().getBasicConstraints());
        assertEquals(ca.cert().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals(NOW.minusSeconds(86_400), leaf.getNotBefore().toInstant());
        leaf.verify(ca.key().getPublic());
    }

    @Test
    void bareCertificateHasOnlyTheStatedExtensions() throws Exception {
        Issued root = TestCertBuilder.bare("Bare Root", TestKeys.ecKey())
                .basicConstraints(true)
                .build();
        X509Certificate leaf = TestCertBuilder.bare("bare", TestKeys.rsaKey(2048))
                .issuer(root)
                .keyUsage(KeyUsage.digitalSignature)
                .build()
                .cert();
        assertEquals(Set.of("2.5.29.15"), union(leaf.getCriticalExtensionOIDs(), leaf.getNonCriticalExtensionOIDs()));
        assertNull(root.cert().getExtensionValue(Extension.subjectKeyIdentifier.getId()));
        assertEquals(Integer.MAX_VALUE, root.cert().getBasicConstraints());
        assertTrue(leaf.getNotAfter().toInstant().isBefore(Instant.now().plusSeconds(31L * 86_400)));
        leaf.verify(root.key().getPublic());
    }

    @Test
    void version1WithExtensionsIsKeptAsDerThoughTheJdkRefusesIt() throws Exception {
        Issued v1 = TestCertBuilder.bare("v1", TestKeys.ecKey())
                .basicConstraints(false)
                .version(1)
                .build();
        ASN1Sequence tbs =
                ASN1Sequence.getInstance(ASN1Sequence.getInstance(v1.der()).getObjectAt(0));
        assertFalse(tbs.getObjectAt(0) instanceof ASN1TaggedObject, "no version field: version 1");
        ASN1TaggedObject extensions = (ASN1TaggedObject) tbs.getObjectAt(tbs.size() - 1);
        assertEquals(3, extensions.getTagNo());
        assertNotNull(Extensions.getInstance(extensions.getBaseObject()).getExtension(Extension.basicConstraints));
        assertThrows(IllegalStateException.class, v1::cert);
        Issued plain = TestCertBuilder.ca("Plain v1", NOW).v1().build();
        assertEquals(1, plain.cert().getVersion());
        assertNull(plain.cert().getCriticalExtensionOIDs());
    }

    @Test
    void writtenPemReadsBackInOrder() throws Exception {
        Issued ca = TestCertBuilder.ca("Written CA", NOW).build();
        Issued leaf = TestCertBuilder.leaf("written", NOW).issuer(ca).build();
        Path file = TestCertBuilder.write(dir, "chain.pem", leaf, ca);
        assertEquals(leaf.pem() + ca.pem(), Files.readString(file));
        var read = Pem.readCertificates(file);
        assertArrayEquals(leaf.der(), read.get(0).getEncoded());
        assertArrayEquals(ca.der(), read.get(1).getEncoded());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.HashSet<String>();
        if (a != null) {
            all.addAll(a);
        }
        if (b != null) {
            all.addAll(b);
        }
        return all;
    }
}
