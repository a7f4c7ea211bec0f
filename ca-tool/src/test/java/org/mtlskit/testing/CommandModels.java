package org.mtlskit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Checks on a tool's picocli command model, shared by both tools' tests: help texts and shell completion. */
public final class CommandModels {
    private CommandModels() {}

    /**
     * Help texts are whole sentences. picocli prints each description element on a line of its own and
     * the first one alone in the command list, so an element that stops mid-sentence shows as a cut
     * ("... and its SAN against"). Returns every element, of every command and option, that does not
     * end a sentence.
     */
    public static List<String> cutSentences(CommandLine top) {
        List<String> cut = new ArrayList<>();
        walk(top, cut);
        return cut;
    }

    private static void walk(CommandLine cmd, List<String> cut) {
        CommandSpec spec = cmd.getCommandSpec();
        for (String line : spec.usageMessage().description()) {
            check(spec.qualifiedName(), line, cut);
        }
        for (OptionSpec o : spec.options()) {
            for (String line : o.description()) {
                check(spec.qualifiedName() + " " + o.longestName(), line, cut);
            }
        }
        cmd.getSubcommands().values().stream().filter(c -> c.getParent() == cmd).forEach(c -> walk(c, cut));
    }

    private static void check(String where, String line, List<String> cut) {
        // picocli's own help command ends its line with a format specifier (%n).
        String text = line.replace("%n", "").strip();
        if (!text.isEmpty() && !text.endsWith(".") && !text.endsWith(".)")) {
            cut.add(where + ": \"" + text + "\"");
        }
    }

    /**
     * What a real bash offers after typing {@code line} (its last word is being completed), with the
     * completion script the build writes (picocli's AutoComplete) generated from {@code model} into {@code dir}.
     */
    public static List<String> complete(Path dir, String tool, CommandLine model, String line) {
        try {
            Path script = dir.resolve(tool + "_completion");
            Files.writeString(script, AutoComplete.bash(tool, model));
            String words = line.replace("'", "");
            String program = "source '" + script + "' 2>/dev/null\n"
                    + "COMP_LINE='" + words + "'; COMP_POINT=${#COMP_LINE}; read -r -a COMP_WORDS <<< \"$COMP_LINE\"\n"
                    + (line.endsWith(" ") ? "COMP_WORDS+=('')\n" : "")
                    + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                    + "_complete_" + tool + " 2>/dev/null\n"
                    + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
            Process p = new ProcessBuilder("bash", "-c", program)
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
