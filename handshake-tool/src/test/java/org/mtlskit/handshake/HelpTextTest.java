package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlskit.catool.CaTool;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Help texts are whole sentences. picocli prints each description element on a line of its own and
 * the first one alone in the command list, so an element that stops mid-sentence shows as a cut
 * ("... and its SAN against"). Every element of every command's and option's description must end
 * a sentence.
 */
class HelpTextTest {

    static List<String> cutSentences(CommandLine top) {
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

    @Test
    void caToolHelpIsInWholeSentences() {
        CommandLine cmd = CaTool.commandLine(Clock.systemUTC(), new SecureRandom(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        assertEquals(List.of(), cutSentences(cmd));
    }

    @Test
    void handshakeToolHelpIsInWholeSentences() {
        CommandLine cmd = HandshakeTool.commandLine(Clock.systemUTC(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        assertEquals(List.of(), cutSentences(cmd));
    }
}
