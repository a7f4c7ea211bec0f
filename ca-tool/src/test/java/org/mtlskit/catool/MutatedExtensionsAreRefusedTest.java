package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.verify.ExtensionChecks;
import org.mtlskit.pki.internal.x509.ExtensionNames;
import org.mtlskit.pki.testing.TestCertBuilder;
import org.mtlskit.pki.testing.TestCertBuilder.Issued;
import org.mtlskit.testing.ToolRun;

/**
 * Every extension of a real chain (root, intermediate, leaf, and a CRL), its DER value mutated in
 * fixed, seeded ways (emptied, cut, lengthened, retagged, bytes flipped), the certificate signed
 * again, then {@code ca-tool verify} run on it. The documented outcome: exit 0 or 7, never 1 and
 * never a word on stderr; and a value that no longer decodes is refused (7) with the extension
 * named. A mutant that still decodes may be accepted or refused for what it now says.
 */
class MutatedExtensionsAreRefusedTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private int mutants;
    private int undecodable;

    @Test
    void everyMutatedExtensionIsAcceptedOrRefusedNeverAnInternalError() throws Exception {
        Issued root = TestCertBuilder.ca("Fuzz Root", NOW).build();
        Issued intermediate = TestCertBuilder.ca("Fuzz Intermediate", NOW)
                .issuer(root)
                .pathLen(0)
                .extension(
                        Extension.nameConstraints,
                        true,
                        new NameConstraints(
                                new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, "test"))},
                                new GeneralSubtree[] {
                                    new GeneralSubtree(new GeneralName(GeneralName.dNSName, "bad.test"))
                                }))
                .extension(
                        Extension.certificatePolicies,
                        false,
                        new CertificatePolicies(
                                new PolicyInformation(new org.bouncycastle.asn1.ASN1ObjectIdentifier("2.5.29.32.0"))))
                .extension(Extension.policyConstraints, true, new PolicyConstraints(null, java.math.BigInteger.ONE))
                .build();
        Issued leaf = TestCertBuilder.leaf("host.test", NOW)
                .issuer(intermediate)
                .eku(KeyPurposeId.id_kp_serverAuth)
                .dns("host.test", "*.host.test")
                .ip("127.0.0.1")
                .extension(
                        Extension.authorityInfoAccess,
                        false,
                        new AuthorityInformationAccess(new AccessDescription(
                                AccessDescription.id_ad_caIssuers,
                                new GeneralName(GeneralName.uniformResourceIdentifier, "http://ca.test/i.crt"))))
                .extension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(
                            new DistributionPointName(new GeneralNames(
                                    new GeneralName(GeneralName.uniformResourceIdentifier, "http://ca.test/i.crl"))),
                            null,
                            null)
                }))
                .build();
        List<Issued> chain = List.of(leaf, intermediate, root);
        PrivateKey[] signers = {
            intermediate.key().getPrivate(), root.key().getPrivate(), root.key().getPrivate()
        };
        for (int position = 0; position < chain.size(); position++) {
            X509Certificate cert = chain.get(position).cert();
            Extensions extensions = Extensions.getInstance(((ASN1TaggedObject) tbsFields(cert.getEncoded())
                            .get(tbsFields(cert.getEncoded()).size() - 1))
                    .getExplicitBaseObject());
            for (var oid : extensions.getExtensionOIDs()) {
                byte[] value = extensions.getExtension(oid).getExtnValue().getOctets();
                for (byte[] mutated : mutations(value, new Random(26L * 31 + oid.hashCode()))) {
                    byte[] der = withExtensionValue(cert.getEncoded(), oid, mutated, signers[position]);
                    check(position, chain, der, oid, mutated);
                }
            }
        }
        assertTrue(mutants > 300, "mutants made: " + mutants);
        assertTrue(undecodable > 50, "mutants that no longer decode: " + undecodable);
        System.out.println("extension mutants: " + mutants + ", of which no longer decodable: " + undecodable);
    }

    @Test
    void everyMutatedCrlExtensionIsAcceptedOrRefusedNeverAnInternalError() throws Exception {
        Issued root = TestCertBuilder.ca("Fuzz CRL Root", NOW).build();
        Issued leaf = TestCertBuilder.leaf("host.test", NOW)
                .issuer(root)
                .eku(KeyPurposeId.id_kp_serverAuth)
                .dns("host.test")
                .build();
        Path rootFile = write("crl-root.pem", root.cert().getEncoded());
        Path leafFile = write("crl-leaf.pem", leaf.cert().getEncoded());
        X509v2CRLBuilder b = new X509v2CRLBuilder(root.subject(), java.util.Date.from(NOW.minusSeconds(3600)));
        b.setNextUpdate(java.util.Date.from(NOW.plusSeconds(86_400)));
        b.addCRLEntry(
                java.math.BigInteger.valueOf(424242),
                java.util.Date.from(NOW.minusSeconds(7200)),
                CRLReason.keyCompromise);
        b.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.ASN1Integer(7));
        b.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root.cert()));
        byte[] crl = b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(root.key().getPrivate()))
                .getEncoded();
        int runs = 0;
        for (var oid : List.of(Extension.cRLNumber, Extension.authorityKeyIdentifier, Extension.reasonCode)) {
            for (byte[] mutated : mutations(extensionValue(crl, oid), new Random(oid.hashCode()))) {
                byte[] bad = resignCrl(crl, oid, mutated, root.key().getPrivate());
                Path crlFile = dir.resolve("crl" + runs++ + ".pem");
                Files.writeString(
                        crlFile,
                        "-----BEGIN X509 CRL-----\n"
                                + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                                        .encodeToString(bad) + "\n-----END X509 CRL-----\n");
                ToolRun.Result r = ToolRun.caTool(
                        "verify",
                        leafFile.toString(),
                        "--ca",
                        rootFile.toString(),
                        "--crl",
                        crlFile.toString(),
                        "--at",
                        NOW.toString());
                String what = "CRL " + ExtensionNames.name(oid) + " -> "
                        + org.bouncycastle.util.encoders.Hex.toHexString(mutated) + "\n" + r.out() + r.err();
                assertTrue(r.code() == 0 || r.code() == 7, what);
                assertEquals("", r.err(), what);
                boolean decodes = ExtensionChecks.problem(new Extension(oid, false, mutated)) == null;
                if (!decodes) {
                    assertEquals(7, r.code(), what);
                    assertTrue(r.out().contains("CRL not trusted") && r.out().contains(ExtensionNames.name(oid)), what);
                }
            }
        }
        assertTrue(runs > 30, "CRL mutants: " + runs);
    }

    private void check(
            int position,
            List<Issued> chain,
            byte[] der,
            org.bouncycastle.asn1.ASN1ObjectIdentifier oid,
            byte[] mutated)
            throws Exception {
        mutants++;
        List<byte[]> certs = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            certs.add(i == position ? der : chain.get(i).cert().getEncoded());
        }
        Path leafFile = write("leaf.pem", certs.get(0));
        Path untrusted = write("untrusted.pem", certs.get(1));
        Path anchor = write("root.pem", certs.get(2));
        String name = ExtensionNames.name(oid);
        boolean decodes = ExtensionChecks.problem(new Extension(oid, false, mutated)) == null;
        undecodable += decodes ? 0 : 1;
        for (String rules : List.of("rfc5280", "webpki")) {
            ToolRun.Result r = ToolRun.caTool(
                    "verify",
                    leafFile.toString(),
                    "--untrusted",
                    untrusted.toString(),
                    "--ca",
                    anchor.toString(),
                    "--purpose",
                    "server",
                    "--hostname",
                    "host.test",
                    "--rules",
                    rules,
                    "--at",
                    NOW.toString());
            String what = "certificate " + position + ", " + name + " -> "
                    + org.bouncycastle.util.encoders.Hex.toHexString(mutated) + ", " + rules + "\n" + r.out() + r.err();
            assertTrue(r.code() == 0 || r.code() == 7, what);
            assertEquals("", r.err(), what);
            if (!decodes) {
                assertEquals(7, r.code(), what);
                assertTrue(
                        r.out().contains("Malformed certificate") && r.out().contains("the extension " + name), what);
            }
        }
    }

    /** Fixed mutations of a DER value, and four seeded byte flips. */
    static List<byte[]> mutations(byte[] v, Random random) {
        List<byte[]> out = new ArrayList<>();
        out.add(new byte[0]);
        out.add(Arrays.copyOf(v, v.length / 2));
        out.add(Arrays.copyOf(v, Math.max(0, v.length - 1)));
        out.add(Arrays.copyOf(v, v.length + 1));
        for (byte tag : new byte[] {0x02, 0x04, 0x05, 0x30, (byte) 0xa0}) {
            byte[] t = v.clone();
            t[0] = tag;
            out.add(t);
        }
        if (v.length > 1) {
            for (int delta : new int[] {-1, 1}) {
                byte[] l = v.clone();
                l[1] = (byte) (l[1] + delta);
                out.add(l);
            }
            byte[] indefinite = v.clone();
            indefinite[1] = (byte) 0x80;
            out.add(indefinite);
        }
        for (int i = 0; i < 4 && v.length > 2; i++) {
            byte[] f = v.clone();
            int at = 2 + random.nextInt(v.length - 2);
            f[at] = (byte) (f[at] ^ (1 << random.nextInt(8)));
            out.add(f);
        }
        try {
            out.add(new DERSequence(ASN1Primitive.fromByteArray(v)).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static List<ASN1Encodable> tbsFields(byte[] certificate) throws IOException {
        List<ASN1Encodable> fields = new ArrayList<>();
        ASN1Sequence.getInstance(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(certificate))
                        .getObjectAt(0))
                .forEach(fields::add);
        return fields;
    }

    private static byte[] withExtensionValue(
            byte[] certificate, org.bouncycastle.asn1.ASN1ObjectIdentifier oid, byte[] value, PrivateKey signer)
            throws IOException {
        ASN1Sequence whole = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(certificate));
        List<ASN1Encodable> fields = tbsFields(certificate);
        ASN1TaggedObject tagged = (ASN1TaggedObject) fields.get(fields.size() - 1);
        fields.set(
                fields.size() - 1,
                new DERTaggedObject(
                        true, 3, replaced(ASN1Sequence.getInstance(tagged.getExplicitBaseObject()), oid, value)));
        ASN1EncodableVector tbs = new ASN1EncodableVector();
        fields.forEach(tbs::add);
        return signed(new DERSequence(tbs).getEncoded("DER"), whole.getObjectAt(1), signer);
    }

    /** The extension list with one extension's value replaced (criticality kept). */
    private static DERSequence replaced(
            ASN1Sequence extensions, org.bouncycastle.asn1.ASN1ObjectIdentifier oid, byte[] value) {
        ASN1EncodableVector out = new ASN1EncodableVector();
        for (ASN1Encodable e : extensions) {
            Extension ext = Extension.getInstance(e);
            out.add(
                    ext.getExtnId().equals(oid)
                            ? new Extension(oid, ext.isCritical(), new DEROctetString(value))
                            : ext);
        }
        return new DERSequence(out);
    }

    private static byte[] signed(byte[] tbs, ASN1Encodable algorithm, PrivateKey signer) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(signer);
            s.update(tbs);
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(ASN1Primitive.fromByteArray(tbs));
            v.add(algorithm);
            v.add(new DERBitString(s.sign()));
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] extensionValue(byte[] crl, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        try {
            var holder = new org.bouncycastle.cert.X509CRLHolder(crl);
            if (oid.equals(Extension.reasonCode)) {
                return holder.getRevokedCertificates().iterator().next()
                                instanceof org.bouncycastle.cert.X509CRLEntryHolder e
                        ? e.getExtensions().getExtension(oid).getExtnValue().getOctets()
                        : null;
            }
            return holder.getExtension(oid).getExtnValue().getOctets();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CRL with one extension's value (of the CRL or of its entry) replaced, signed again. */
    private static byte[] resignCrl(
            byte[] crl, org.bouncycastle.asn1.ASN1ObjectIdentifier oid, byte[] value, PrivateKey signer)
            throws IOException {
        ASN1Sequence whole = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(crl));
        ASN1Sequence tbs = ASN1Sequence.getInstance(whole.getObjectAt(0));
        ASN1EncodableVector fields = new ASN1EncodableVector();
        for (ASN1Encodable f : tbs) {
            if (f instanceof ASN1TaggedObject t && t.getTagNo() == 0 && !oid.equals(Extension.reasonCode)) {
                fields.add(new DERTaggedObject(
                        true, 0, replaced(ASN1Sequence.getInstance(t.getExplicitBaseObject()), oid, value)));
            } else if (f instanceof ASN1Sequence entries
                    && oid.equals(Extension.reasonCode)
                    && entries.size() > 0
                    && entries.getObjectAt(0) instanceof ASN1Sequence) {
                ASN1EncodableVector list = new ASN1EncodableVector();
                for (ASN1Encodable e : entries) {
                    ASN1Sequence entry = ASN1Sequence.getInstance(e);
                    list.add(new DERSequence(new ASN1Encodable[] {
                        entry.getObjectAt(0),
                        entry.getObjectAt(1),
                        replaced(ASN1Sequence.getInstance(entry.getObjectAt(2)), oid, value)
                    }));
                }
                fields.add(new DERSequence(list));
            } else {
                fields.add(f);
            }
        }
        return signed(new DERSequence(fields).getEncoded("DER"), whole.getObjectAt(1), signer);
    }

    private Path write(String name, byte[] der) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(
                f,
                "-----BEGIN CERTIFICATE-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                        + "\n-----END CERTIFICATE-----\n");
        return f;
    }
}
