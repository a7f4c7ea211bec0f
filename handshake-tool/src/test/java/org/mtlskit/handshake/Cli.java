package org.mtlskit.handshake;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.mtlskit.testing.ToolRun;

/**
 * handshake-tool in this JVM as its main does: a finished run through the shared {@link ToolRun}, and a
 * server left running on its own thread, whose port the test reads from its "Listening" line.
 */
public final class Cli {
    private Cli() {}

    /** How long any one command may take before a test calls it stuck. */
    public static final Duration PATIENCE = Duration.ofSeconds(15);

    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1 port (\\d+)");

    /** handshake-tool's error lines start "handshake-tool: error: ". */
    static final String NAME = "handshake-tool";

    public static ToolRun.Result run(String... args) {
        return ToolRun.run(NAME, (out, err) -> HandshakeTool.commandLine(Clock.systemUTC(), out, err), args);
    }

    /** Starts a command on its own thread, for a server that the test then connects to. */
    public static Running start(String... args) {
        return new Running(args);
    }

    /** A command running on its own thread. */
    public static final class Running implements AutoCloseable {
        private final CapturedText out = new CapturedText();
        private final CapturedText err = new CapturedText();
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final Thread thread;
        private Integer port;

        private Running(String[] args) {
            thread = new Thread(
                    () -> {
                        try {
                            exit.complete(HandshakeTool.commandLine(
                                            Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true))
                                    .execute(args));
                        } catch (Throwable t) {
                            exit.completeExceptionally(t);
                        } finally {
                            out.close();
                            err.close();
                        }
                    },
                    "handshake-tool " + String.join(" ", args));
            thread.setDaemon(true);
            thread.start();
        }

        /** The port from the server's "Listening on 127.0.0.1 port N" line, once it is printed. */
        public int port() throws InterruptedException {
            if (port == null) {
                try {
                    port = Integer.parseInt(out.awaitLine(LISTENING, PATIENCE).group(1));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "stderr:\n" + err.text(), e);
                }
            }
            return port;
        }

        /** Waits for a line of its output that matches {@code line}. */
        public java.util.regex.Matcher awaitOut(Pattern line) throws InterruptedException {
            return out.awaitLine(line, PATIENCE);
        }

        /** Waits for the command to end by itself. */
        public ToolRun.Result await() throws InterruptedException {
            try {
                int code = exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                thread.join(PATIENCE.toMillis());
                return new ToolRun.Result(NAME, code, out.text(), err.text());
            } catch (TimeoutException e) {
                throw new AssertionError(
                        "still running after " + PATIENCE + "; stdout:\n" + out.text() + "stderr:\n" + err.text());
            } catch (ExecutionException e) {
                throw new AssertionError("the command threw", e.getCause());
            }
        }

        /**
         * A server that is still waiting for a client (because the test failed before connecting)
         * is handed a bare TCP connection, which counts against its --count and lets it end.
         */
        @Override
        public void close() throws InterruptedException {
            if (!exit.isDone() && port != null) {
                try (Socket poke = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    poke.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // the server went away by itself
                }
            }
            thread.join(PATIENCE.toMillis());
        }
    }
}
