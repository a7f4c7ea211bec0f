package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.testing.CommandModels;
import picocli.CommandLine;

/**
 * The completion script the build writes for handshake-tool (picocli's AutoComplete, at package time)
 * completes its commands and options in a real bash: generated here from the same command model.
 */
class ShellCompletionTest {
    @TempDir
    Path dir;

    @Test
    void handshakeToolCompletesItsCommandsAndTheirOptions() {
        CommandLine model = HandshakeTool.commandLine(
                Clock.systemUTC(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> commands = CommandModels.complete(dir, "handshake-tool", model, "handshake-tool ");
        assertTrue(commands.containsAll(List.of("serve", "connect", "scenarios", "bench")), commands.toString());
        assertTrue(CommandModels.complete(dir, "handshake-tool", model, "handshake-tool serve --ca-")
                .contains("--ca-certificate"));
    }
}
