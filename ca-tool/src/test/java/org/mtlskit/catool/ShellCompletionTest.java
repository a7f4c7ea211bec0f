package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.testing.CommandModels;
import picocli.CommandLine;

/**
 * The completion script the build writes for ca-tool (picocli's AutoComplete, at package time)
 * completes its commands and options in a real bash: generated here from the same command model.
 */
class ShellCompletionTest {
    @TempDir
    Path dir;

    List<String> complete(String line) {
        CommandLine model = CaTool.commandLine(
                Clock.systemUTC(),
                new SecureRandom(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        return CommandModels.complete(dir, "ca-tool", model, line);
    }

    @Test
    void caToolCompletesItsCommandsAndTheirOptions() {
        List<String> commands = complete("ca-tool ");
        assertTrue(
                commands.containsAll(List.of("init", "issue", "fixtures", "export", "show", "verify", "import-conf")),
                commands.toString());
        assertEquals(List.of("--check"), complete("ca-tool fixtures --ch"));
        assertEquals(List.of("--pkcs12-format"), complete("ca-tool export server --pkcs12-"));
    }
}
