package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.catool.CaTool;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The completion scripts the build writes (picocli's AutoComplete, at package time) complete our
 * commands and options in a real bash: generated here from the same command models, then sourced.
 */
class ShellCompletionTest {
    @TempDir
    Path dir;

    /** What bash offers after typing {@code line} (its last word is being completed). */
    String complete(String tool, CommandLine model, String line) throws IOException, InterruptedException {
        Path script = dir.resolve(tool + "_completion");
        Files.writeString(script, AutoComplete.bash(tool, model));
        String words = line.replace("'", "");
        String program = "source '" + script + "' 2>/dev/null\n"
                + "COMP_LINE='" + words + "'; COMP_POINT=${#COMP_LINE}; read -r -a COMP_WORDS <<< \"$COMP_LINE\"\n"
                + (line.endsWith(" ") ? "COMP_WORDS+=('')\n" : "")
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "_complete_" + tool + " 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    static CommandLine caTool() {
        return CaTool.commandLine(Clock.systemUTC(), new SecureRandom(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
    }

    @Test
    void caToolCompletesItsCommandsAndTheirOptions() throws Exception {
        List<String> commands = complete("ca-tool", caTool(), "ca-tool ").lines().toList();
        assertTrue(commands.containsAll(List.of("init", "issue", "fixtures", "export", "show", "verify", "import-conf")),
                commands.toString());
        assertEquals(List.of("--check"), complete("ca-tool", caTool(), "ca-tool fixtures --ch").lines().toList());
        assertEquals(List.of("--pkcs12-format"), complete("ca-tool", caTool(), "ca-tool export server --pkcs12-").lines()
                .toList());
    }

    @Test
    void handshakeToolCompletesItsCommandsAndTheirOptions() throws Exception {
        CommandLine model = HandshakeTool.commandLine(Clock.systemUTC(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        List<String> commands = complete("handshake-tool", model, "handshake-tool ").lines().toList();
        assertTrue(commands.containsAll(List.of("serve", "connect", "scenarios", "bench")), commands.toString());
        assertTrue(complete("handshake-tool", model, "handshake-tool serve --ca-").lines().toList()
                .contains("--ca-certificate"));
    }
}
