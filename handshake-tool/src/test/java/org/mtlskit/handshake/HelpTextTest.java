package org.mtlskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlskit.testing.CommandModels;

/** handshake-tool's help texts are whole sentences (see {@link CommandModels#cutSentences}). */
class HelpTextTest {

    @Test
    void handshakeToolHelpIsInWholeSentences() {
        assertEquals(
                List.of(),
                CommandModels.cutSentences(HandshakeTool.commandLine(
                        Clock.systemUTC(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))));
    }
}
