package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlskit.testing.CommandModels;

/** ca-tool's help texts are whole sentences (see {@link CommandModels#cutSentences}). */
class HelpTextTest {

    @Test
    void caToolHelpIsInWholeSentences() {
        assertEquals(
                List.of(),
                CommandModels.cutSentences(CaTool.commandLine(
                        Clock.systemUTC(),
                        new SecureRandom(),
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()))));
    }
}
