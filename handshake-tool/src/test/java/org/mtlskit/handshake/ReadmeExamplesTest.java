package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.testing.ToolRun;

/**
 * Runs the runnable examples of the README and of every page of docs/ as written (README.md first, then
 * the pages in the order docs/README.md lists them), in a temporary copy of the
 * repository, so that an example that stops working fails the build. Which fenced blocks are examples:
 *
 * <ul>
 * <li>{@code ```sh} blocks: every line that is not empty and not a comment is a command, run with bash
 *     at the top of the copy; it must exit 0. Lines starting with {@code mvn } are not run: this test is
 *     part of that build.</li>
 * <li>plain {@code ```} blocks whose first line starts with {@code "$ "}: transcripts. Each {@code $}
 *     line is run (it must exit 0) and what it prints (stdout and stderr) is compared with the lines
 *     below it.</li>
 * <li>a plain block right after {@code <!-- readme-test: output-of: COMMAND -->}: COMMAND is run and its
 *     output compared with the block; "(after its first empty line)" compares only what follows the
 *     first empty line of the output.</li>
 * <li>{@code ```yaml} blocks whose first line is {@code # profiles/NAME.yaml}: the rest must be that
 *     file of the repository, byte for byte, so the block can be dropped into {@code profiles/}.</li>
 * <li>a block right after {@code <!-- readme-test: skip: REASON -->} is not run; the reason says why.</li>
 * </ul>
 *
 * Every other block (synopses, schemas, CI jobs, the interop tables) is reference text, not an example.
 * Comparing output: times ({@code 2026-03-11T10:00:00Z}) and hex of 16 digits or more (serials,
 * fingerprints) are masked on both sides, trailing blanks are ignored, a line {@code ...} stands for
 * any number of lines and {@code ...} within a line for any text.
 *
 * <p>The copy runs the tools under test from this build's class path: {@code scripts/ca-tool} and
 * {@code scripts/handshake-tool} are replaced by scripts that start them so (the real launchers would
 * build jars), and {@code ca-tool}/{@code handshake-tool} are on PATH for the transcripts. The copy's
 * profiles use P-256 keys instead of RSA-4096 to spare the shared CPU; no example's output depends on
 * the key type of the fixtures. The CAs get RSA-2048 instead: the audit battery's md5 case is
 * signed by the trusted CA, and MD5 exists only with RSA. A failure names the README line of the example.
 */
class ReadmeExamplesTest {
    static final Pattern MARKER = Pattern.compile("^<!-- readme-test: (skip|output-of): (.*?) -->$");
    static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    static final Pattern HEX = Pattern.compile("\\b[0-9a-fA-F]{16,}\\b");
    static final Set<String> NOT_COPIED = Set.of(".git", "target", "keys", "reports", "imported");

    @TempDir
    Path work;

    /** A fenced block of the README: its info string, the marker line above it, its lines, and where it starts. */
    record Block(String page, String info, String marker, List<String> lines, int firstLine) {}

    record Ran(int code, String output) {}

    static List<Block> blocks(String page, List<String> readme) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (line.startsWith("```") && line.length() >= 3) {
                String info = line.substring(3).strip();
                String marker = i > 0 && MARKER.matcher(readme.get(i - 1)).matches() ? readme.get(i - 1) : null;
                List<String> body = new ArrayList<>();
                int j = i + 1;
                while (j < readme.size() && !readme.get(j).startsWith("```")) {
                    body.add(readme.get(j));
                    j++;
                }
                blocks.add(new Block(page, info, marker, body, i + 2));
                i = j;
            }
        }
        return blocks;
    }

    Path copyRepository(Path repo) throws IOException {
        Path copy = work.resolve("repo");
        try (Stream<Path> walk = Files.walk(repo)) {
            for (Path p : walk.toList()) {
                Path rel = repo.relativize(p);
                boolean excluded = false;
                for (Path part : rel) {
                    excluded |= NOT_COPIED.contains(part.toString());
                }
                if (excluded || !Files.isRegularFile(p) && !Files.isDirectory(p)) {
                    continue;
                }
                Path target = copy.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        try (Stream<Path> list = Files.list(copy.resolve("profiles"))) {
            // profiles/audit is left as it is: its keys are P-256 and RSA-2048 already
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                String profile = Files.readString(p);
                // The CAs stay RSA (2048 bits): the audit battery's md5 case needs an RSA signer.
                boolean ca = profile.lines().anyMatch(l -> l.strip().equals("ca: true"));
                Files.writeString(p, profile.replace("key: rsa-4096", ca ? "key: rsa-2048" : "key: ec-p256"));
            }
        }
        Path bin = Files.createDirectories(work.resolve("bin"));
        for (String[] tool :
                new String[][] {{"ca-tool", ToolRun.CA_TOOL_MAIN}, {"handshake-tool", ToolRun.HANDSHAKE_TOOL_MAIN}}) {
            String shim = "#!/usr/bin/env bash\nexec "
                    + ToolRun.javaCommand(tool[1]).stream()
                            .map(w -> "'" + w + "'")
                            .collect(java.util.stream.Collectors.joining(" "))
                    + " \"$@\"\n";
            for (Path place : List.of(copy.resolve("scripts").resolve(tool[0]), bin.resolve(tool[0]))) {
                Files.writeString(place, shim);
                Files.setPosixFilePermissions(place, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return copy;
    }

    Ran run(Path copy, String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command)
                .directory(copy.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", work.resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Ran(-1, output + "\n(timed out)");
        }
        return new Ran(p.exitValue(), output);
    }

    static String mask(String line) {
        return HEX.matcher(TIME.matcher(line).replaceAll("<time>"))
                .replaceAll("<hex>")
                .stripTrailing();
    }

    /** Whether {@code actual} matches {@code expected}, where a line "..." is any number of lines and "..." in a line any text. */
    static boolean matches(List<String> expected, List<String> actual) {
        boolean[][] ok = new boolean[expected.size() + 1][actual.size() + 1];
        ok[expected.size()][actual.size()] = true;
        for (int e = expected.size() - 1; e >= 0; e--) {
            String want = mask(expected.get(e));
            Pattern line = want.contains("...")
                    ? Pattern.compile(String.join(
                            ".*",
                            Stream.of(want.split("\\.\\.\\.", -1))
                                    .map(Pattern::quote)
                                    .toList()))
                    : null;
            for (int a = actual.size(); a >= 0; a--) {
                if (want.equals("...")) {
                    ok[e][a] = ok[e + 1][a] || a < actual.size() && ok[e][a + 1];
                } else if (a < actual.size()) {
                    String got = mask(actual.get(a));
                    ok[e][a] = (line != null ? line.matcher(got).matches() : want.equals(got)) && ok[e + 1][a + 1];
                }
            }
        }
        return ok[0][0];
    }

    static String where(Block b, int offset) {
        return b.page() + ":" + (b.firstLine() + offset);
    }

    /** The pages docs/README.md links, in its order; a page of docs/ it does not link fails here. */
    static List<String> docsPages(Path repo) throws IOException {
        List<String> pages = new ArrayList<>();
        java.util.regex.Matcher link =
                Pattern.compile("\\]\\(([\\w.-]+\\.md)\\)").matcher(Files.readString(repo.resolve("docs/README.md")));
        while (link.find()) {
            pages.add("docs/" + link.group(1));
        }
        try (Stream<Path> files = Files.list(repo.resolve("docs"))) {
            for (Path f :
                    files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                String page = "docs/" + f.getFileName();
                assertTrue(
                        page.equals("docs/README.md") || pages.contains(page),
                        page + " is not linked from docs/README.md");
            }
        }
        return pages;
    }

    @Test
    void everyRunnableExampleOfTheReadmeWorksAsWritten() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        while (!Files.exists(repo.resolve("README.md")) || !Files.isDirectory(repo.resolve("profiles"))) {
            repo = repo.getParent();
        }
        List<Block> blocks = new ArrayList<>(blocks("README.md", Files.readAllLines(repo.resolve("README.md"))));
        for (String page : docsPages(repo)) {
            blocks.addAll(blocks(page, Files.readAllLines(repo.resolve(page))));
        }
        Path copy = copyRepository(repo);
        List<String> failures = new ArrayList<>();
        int examples = 0;
        for (Block b : blocks) {
            String marker =
                    b.marker() == null ? null : MARKER.matcher(b.marker()).replaceAll("$1");
            if ("skip".equals(marker)) {
                continue;
            }
            if ("output-of".equals(marker)) {
                examples++;
                String command = MARKER.matcher(b.marker()).replaceAll("$2");
                boolean afterBlank = command.endsWith("(after its first empty line)");
                command = command.replace("(after its first empty line)", "").strip();
                Ran r = run(copy, command);
                List<String> out = r.output().lines().toList();
                if (afterBlank) {
                    out = out.subList(Math.min(out.size(), out.indexOf("") + 1), out.size());
                }
                if (r.code() != 0 || !matches(b.lines(), out)) {
                    failures.add(where(b, -1) + ": the output of `" + command + "` (exit " + r.code()
                            + ") differs from the block below it:\n" + r.output());
                }
            } else if (b.info().equals("sh")) {
                for (int i = 0; i < b.lines().size(); i++) {
                    String command = b.lines().get(i).strip();
                    if (command.isEmpty() || command.startsWith("#") || command.startsWith("mvn ")) {
                        continue;
                    }
                    examples++;
                    Ran r = run(copy, command);
                    if (r.code() != 0) {
                        failures.add(where(b, i) + ": `" + command + "` exited " + r.code() + ":\n" + r.output());
                    }
                }
            } else if (b.info().isEmpty()
                    && !b.lines().isEmpty()
                    && b.lines().get(0).startsWith("$ ")) {
                for (int i = 0; i < b.lines().size(); i++) {
                    if (!b.lines().get(i).startsWith("$ ")) {
                        continue;
                    }
                    int end = i + 1;
                    while (end < b.lines().size() && !b.lines().get(end).startsWith("$ ")) {
                        end++;
                    }
                    examples++;
                    String command = b.lines().get(i).substring(2);
                    Ran r = run(copy, command);
                    if (r.code() != 0
                            || !matches(
                                    b.lines().subList(i + 1, end),
                                    r.output().lines().toList())) {
                        failures.add(where(b, i) + ": `" + command + "` (exit " + r.code()
                                + ") printed something else than the lines below it:\n" + r.output());
                    }
                }
            } else if (b.info().equals("yaml")
                    && !b.lines().isEmpty()
                    && b.lines().get(0).matches("# profiles/[^ ]+\\.yaml")) {
                examples++;
                Path file = repo.resolve(b.lines().get(0).substring(2));
                String shown = String.join("\n", b.lines().subList(1, b.lines().size())) + "\n";
                if (!Files.exists(file) || !Files.readString(file).equals(shown)) {
                    failures.add(where(b, 0) + ": the block is not "
                            + b.lines().get(0).substring(2)
                            + " of the repository, so it cannot be dropped into profiles/ as it is");
                }
            }
        }
        assertTrue(examples >= 10, "found only " + examples + " runnable examples; has the README's form changed?");
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + examples + " README examples failed:\n\n" + String.join("\n\n", failures));
    }

    @Test
    void theMatcherMasksTimesAndSerialsAndTakesDotsForAnything() {
        assertTrue(matches(
                List.of("a 2026-01-01T00:00:00Z 6f1c0e1234567890ab", "...", "end ... here"),
                List.of("a 2031-05-06T07:08:09Z 0123456789abcdef0123", "x", "y", "end of it here  ")));
        assertTrue(!matches(List.of("a", "b"), List.of("a", "c")));
        assertTrue(!matches(List.of("a"), List.of("a", "extra")));
    }
}
