package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.catool.BadInputCorpusTest.Snapshot;
import org.mtlskit.catool.BadInputCorpusTest.Workspace;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/**
 * Mutated inputs, generated from a fixed seed so every run tries the same ones: byte flips,
 * truncations, inserted control characters and huge values, in profiles, PEM files and the
 * revocation state. Each case runs one command in-process on a fresh copy of a demo set and must end
 * with a documented exit code, never 1 (a bug) and never a stack trace; when it fails, with exactly
 * one error line naming a file of the set, and with every file as it was.
 */
@Timeout(300)
class InputMutationTest {
    static final long SEED = 20261129L;
    static final int CASES_PER_FILE = 40;
    /** What ca-tool may answer to an input it reads: success, its verdict, or one of its input errors. */
    static final Set<Integer> DOCUMENTED = Set.of(
            ExitCodes.OK,
            ExitCodes.INVALID_PROFILE,
            ExitCodes.UNUSABLE_INPUT,
            ExitCodes.OUTPUT_EXISTS,
            ExitCodes.VERIFICATION_FAILED);

    @TempDir
    static Path template;

    @TempDir
    Path cases;

    @BeforeAll
    static void makeTemplateSet() {
        TestPki.makeSet(template, TestPki.demoProfilesWithRevokedClient("ec-p256"), java.time.Clock.systemUTC());
    }

    /** A file to mutate and the commands that read it (in the folder's terms, as Workspace.run takes them). */
    record Target(String file, List<String> commands) {}

    static final List<Target> TARGETS = List.of(
            new Target("profiles/server.yaml", List.of("issue server")),
            new Target("profiles/ca.yaml", List.of("crl ca")),
            new Target("profiles/revoked.yaml", List.of("csr revoked")),
            new Target(
                    "keys/ca_cert.pem",
                    List.of("show keys/ca_cert.pem", "verify keys/client_cert.pem --ca keys/ca_cert.pem")),
            new Target("keys/ca_key.pem", List.of("show keys/ca_key.pem", "crl ca")),
            new Target(
                    "keys/server_csr.pem",
                    List.of("show keys/server_csr.pem", "sign keys/server_csr.pem --ca ca --out-cert signed_cert.pem")),
            new Target(
                    "keys/ca_crl.pem",
                    List.of(
                            "show keys/ca_crl.pem",
                            "verify keys/revoked_cert.pem --ca keys/ca_cert.pem --crl keys/ca_crl.pem")),
            new Target("keys/ca_revocations.json", List.of("crl ca")));

    /** One mutation: what it did, for the failure message, and the bytes it made. */
    record Mutant(String description, byte[] bytes) {}

    static final byte[][] CONTROL = {
        {0x1b, '[', '2', 'J'},
        {0},
        {'\n'},
        {'\r'},
        {0x7f},
        {(byte) 0xc2, (byte) 0x85},
        {(byte) 0xe2, (byte) 0x80, (byte) 0xae},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xff}
    };
    static final String[] HUGE = {
        "99999999999999999999999999",
        "-1",
        "+99999-01-01T00:00:00Z",
        "9999-12-31T23:59:59.5Z",
        "1e400",
        "\"" + "x".repeat(70_000) + "\"",
        "[" + "a, ".repeat(20_000) + "a]"
    };

    static Mutant mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int at = random.nextInt(b.length);
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(3);
                StringBuilder where = new StringBuilder();
                for (int i = 0; i < flips; i++) {
                    int p = random.nextInt(b.length);
                    b[p] ^= (byte) (1 << random.nextInt(8));
                    where.append(i == 0 ? "" : ",").append(p);
                }
                return new Mutant("bit flips at " + where, b);
            }
            case 1 -> {
                return new Mutant("truncated to " + at + " bytes", Arrays.copyOf(b, at));
            }
            case 2 -> {
                byte[] c = CONTROL[random.nextInt(CONTROL.length)];
                return new Mutant("control bytes " + Arrays.toString(c) + " inserted at " + at, insert(b, at, c));
            }
            case 3 -> {
                // a huge or out-of-range value in place of the next word (a number, a date, a name)
                String h = HUGE[random.nextInt(HUGE.length)];
                int end = at;
                while (end < b.length && Character.isLetterOrDigit(b[end])) {
                    end++;
                }
                byte[] head = Arrays.copyOf(b, at);
                byte[] tail = Arrays.copyOfRange(b, end, b.length);
                return new Mutant(
                        "huge value " + h.substring(0, Math.min(30, h.length())) + " at " + at,
                        insert(concat(head, tail), at, h.getBytes(StandardCharsets.UTF_8)));
            }
            default -> {
                int length = 1 + random.nextInt(Math.min(64, b.length - at));
                byte[] cut = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + length, b.length));
                return new Mutant(length + " bytes removed at " + at, cut);
            }
        }
    }

    /**
     * A mutant of a file: for a PEM file, half the time of the DER inside its armour, re-encoded, so
     * that the damage reaches the DER decoders instead of stopping at the base64 (the way a damaged
     * byte in a CRL or a certificate reaches a user).
     */
    static Mutant mutateFile(String file, byte[] original, Random random) {
        if (!file.endsWith(".pem") || random.nextBoolean()) {
            return mutate(original, random);
        }
        String text = new String(original, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN ") + "-----BEGIN ".length();
        String type = text.substring(begin, text.indexOf("-----", begin));
        byte[] der = java.util.Base64.getMimeDecoder()
                .decode(text.replaceAll("-----[^-]+-----", "").strip());
        Mutant m = mutate(der, random);
        return new Mutant(
                "inside the DER: " + m.description(),
                HostileFiles.pem(type, m.bytes()).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] insert(byte[] b, int at, byte[] what) {
        return concat(concat(Arrays.copyOf(b, at), what), Arrays.copyOfRange(b, at, b.length));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void everyMutatedInputGetsADocumentedExitCodeAndOneLineAndChangesNothingWhenRefused() throws Exception {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int refused = 0;
        int run = 0;
        for (Target target : TARGETS) {
            byte[] original = Files.readAllBytes(template.resolve(target.file()));
            for (int i = 0; i < CASES_PER_FILE; i++) {
                Mutant m = mutateFile(target.file(), original, random);
                String command = target.commands().get(i % target.commands().size());
                Path root = Files.createDirectory(cases.resolve("case-" + run++));
                Workspace w = Workspace.copyOf(template, root);
                w.write(target.file(), m.bytes());
                HostileInputTest.backdate(root);
                Snapshot before = Snapshot.of(root);

                ToolRun.Result r = HostileInputTest.run(w, command);

                String label = target.file() + ", " + m.description() + ": " + command + " -> exit " + r.code();
                String problem = check(r, root, before);
                if (problem != null) {
                    failures.add(
                            label + ": " + problem + "\n    stderr: " + r.err().strip());
                }
                if (r.code() != ExitCodes.OK && r.code() != ExitCodes.VERIFICATION_FAILED) {
                    refused++;
                }
                deleteTree(root);
            }
        }
        assertEquals(
                List.of(),
                failures,
                () -> failures.size() + " of " + TARGETS.size() * CASES_PER_FILE + " mutants misbehaved:\n"
                        + String.join("\n", failures));
        assertTrue(refused > TARGETS.size() * CASES_PER_FILE / 3, "most mutants are refused, not accepted: " + refused);
    }

    /** What is wrong with how a run met its mutant, or null. */
    static String check(ToolRun.Result r, Path root, Snapshot before) {
        if (!DOCUMENTED.contains(r.code())) {
            return "undocumented exit code";
        }
        String both = r.out() + r.err();
        if (both.contains("\tat ")
                || BadInputCorpusTest.EXCEPTION_NAME.matcher(r.err()).find()) {
            return "stack trace or exception name";
        }
        if (both.chars().anyMatch(c -> c != '\n' && Character.isISOControl(c))) {
            return "a control character reached the output";
        }
        if (r.code() == ExitCodes.OK || r.code() == ExitCodes.VERIFICATION_FAILED) {
            return r.err().isEmpty() ? null : "printed on stderr though it succeeded";
        }
        List<String> lines = r.err().lines().toList();
        if (lines.size() != 1 || !lines.get(0).startsWith("ca-tool: error: " + root + "/")) {
            return "not one error line naming a file of the set";
        }
        if (!before.equals(Snapshot.of(root))) {
            return "a file changed though the run failed";
        }
        if (!BadInputCorpusTest.temporaryFiles(root).isEmpty()) {
            return "a temporary file was left behind";
        }
        return null;
    }

    @Test
    void theSameSeedMakesTheSameMutants() {
        byte[] input = "issuer: ca\nkey: ec-p256\n".getBytes(StandardCharsets.UTF_8);
        Random a = new Random(SEED);
        Random b = new Random(SEED);
        for (int i = 0; i < 20; i++) {
            Mutant x = mutate(input, a);
            Mutant y = mutate(input, b);
            assertEquals(x.description(), y.description());
            assertTrue(Arrays.equals(x.bytes(), y.bytes()));
            assertNotEquals(
                    new String(input, StandardCharsets.UTF_8),
                    new String(x.bytes(), StandardCharsets.UTF_8),
                    "a mutant differs from its input: " + x.description());
        }
        assertFalse(Arrays.equals(
                mutate(input, new Random(SEED)).bytes(),
                mutate(input, new Random(SEED + 1)).bytes()));
    }

    static void deleteTree(Path root) throws Exception {
        try (var all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
