package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * Every command that writes replaces an existing file only with --force (exit 5), and none writes
 * over a file it reads, --force or not (exit 4); either way nothing changes and the error is one line.
 */
class OverwriteRefusalTest {

    @TempDir
    Path root;

    Path keys;
    Path profiles;
    Path passwordFile;
    FolderSnapshot before;

    @BeforeEach
    void makeSet() throws Exception {
        Map<String, String> demo = TestPki.demoProfiles("ec-p256");
        demo.put("ca", TestPki.ca("ec-p256") + "crl:\n  days: 30\n");
        keys = TestPki.makeSet(root, demo, Clock.systemUTC());
        profiles = root.resolve("profiles");
        passwordFile = Files.writeString(root.resolve("pw.txt"), "fixture-pass\n");
        Files.writeString(root.resolve("existing.p12"), "mine");
        before = FolderSnapshot.of(keys);
    }

    ToolRun.Result caTool(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", keys.toString(), "--profiles", profiles.toString()));
        return ToolRun.caTool(all.toArray(String[]::new));
    }

    void assertNothingChanged() throws Exception {
        assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)));
        assertEquals("mine", Files.readString(root.resolve("existing.p12")));
    }

    void assertExists(ToolRun.Result r, Path file) throws Exception {
        assertEquals(ExitCodes.OUTPUT_EXISTS, r.code(), r.err());
        assertEquals(file + ": exists already; --force replaces it", r.errorLine());
        assertNothingChanged();
    }

    void assertOwnInput(ToolRun.Result r, Path file, Path input) throws Exception {
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code(), r.err());
        assertEquals(
                file + ": is also an input of this command (" + input + "); ca-tool never writes over a file it "
                        + "reads, --force or not",
                r.errorLine());
        assertNothingChanged();
    }

    @Test
    void exportOverTheCaKeyNeedsForce() throws Exception {
        Path caKey = keys.resolve("ca_key.pem");
        assertExists(
                caTool("export", "client", "--pkcs12", caKey.toString(), "--password-file", passwordFile.toString()),
                caKey);
        assertExists(
                caTool(
                        "export",
                        "ca",
                        "--truststore",
                        root.resolve("existing.p12").toString()),
                root.resolve("existing.p12"));
    }

    @Test
    void exportOverItsOwnKeyOrPasswordFileIsRefusedEvenWithForce() throws Exception {
        Path clientKey = keys.resolve("client_key.pem");
        assertOwnInput(
                caTool(
                        "export",
                        "client",
                        "--pkcs12",
                        clientKey.toString(),
                        "--password-file",
                        passwordFile.toString(),
                        "--force"),
                clientKey,
                clientKey);
        assertOwnInput(
                caTool(
                        "export",
                        "client",
                        "--pkcs12",
                        passwordFile.toString(),
                        "--password-file",
                        passwordFile.toString(),
                        "--force"),
                passwordFile,
                passwordFile);
    }

    @Test
    void exportWithForceReplacesAnUnrelatedFile() throws Exception {
        ToolRun.Result r = caTool(
                "export", "ca", "--truststore", root.resolve("existing.p12").toString(), "--force");
        assertEquals(0, r.code(), r.err());
        assertEquals(Set.of(), before.changedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void signOverAPrivateKeyNeedsForceAndOverTheCaKeyIsRefused() throws Exception {
        Path csr = keys.resolve("server_csr.pem");
        Path serverKey = keys.resolve("server_key.pem");
        assertExists(caTool("sign", csr.toString(), "--ca", "ca", "--out-cert", serverKey.toString()), serverKey);
        assertExists(caTool("sign", csr.toString(), "--ca", "ca"), keys.resolve("server_cert.pem"));
        Path caKey = keys.resolve("ca_key.pem");
        assertOwnInput(
                caTool("sign", csr.toString(), "--ca", "ca", "--out-cert", caKey.toString(), "--force"), caKey, caKey);
        assertOwnInput(caTool("sign", csr.toString(), "--ca", "ca", "--out-cert", csr.toString(), "--force"), csr, csr);
    }

    @Test
    void signWithForceReplacesTheCertificate() throws Exception {
        ToolRun.Result r = caTool("sign", keys.resolve("server_csr.pem").toString(), "--ca", "ca", "--force");
        assertEquals(0, r.code(), r.err());
        assertEquals(Set.of("server_cert.pem"), before.bytesChangedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void csrOverAnExistingCsrNeedsForceAndOverItsKeyIsRefused() throws Exception {
        assertExists(caTool("csr", "server"), keys.resolve("server_csr.pem"));
        Path csr = keys.resolve("server_csr.pem");
        // the CSR file is a link to the key: writing the CSR would overwrite the key it is made for
        Path serverKey = keys.resolve("server_key.pem");
        Files.delete(csr);
        Files.createLink(csr, serverKey);
        before = FolderSnapshot.of(keys);
        assertOwnInput(caTool("csr", "server", "--force"), csr, serverKey);
    }

    @Test
    void crlOverAFileThatIsNotThisCasCrlNeedsForce() throws Exception {
        Path crl = keys.resolve("ca_crl.pem");
        Files.copy(keys.resolve("server_cert.pem"), crl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        before = FolderSnapshot.of(keys);

        ToolRun.Result r = caTool("crl", "ca");

        assertEquals(ExitCodes.OUTPUT_EXISTS, r.code(), r.err());
        assertEquals(crl + ": exists and is not a CRL of CA \"ca\"; --force replaces it", r.errorLine());
        assertNothingChanged();
        assertEquals(0, caTool("crl", "ca", "--force").code());
        assertEquals(0, caTool("crl", "ca").code(), "its own earlier CRL is replaced without --force");
    }

    @Test
    void importConfOverItsOwnConfigIsRefusedEvenWithForce() throws Exception {
        Path conf = profiles.resolve("server.yaml");
        String text = Files.readString(conf);

        ToolRun.Result r = ToolRun.caTool(
                "import-conf", conf.toString(), "--as", "server", "--force", "--profiles", profiles.toString());

        assertEquals(ExitCodes.UNUSABLE_INPUT, r.code(), r.err());
        assertEquals(
                conf + ": is also an input of this command (" + conf + "); ca-tool never writes over a file it "
                        + "reads, --force or not",
                r.errorLine());
        assertEquals(text, Files.readString(conf));
    }
}
