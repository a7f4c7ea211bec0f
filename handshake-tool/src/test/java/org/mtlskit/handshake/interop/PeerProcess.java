package org.mtlskit.handshake.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One peer program started by the matrix: its output read line by line as it comes, its stdin
 * kept open (openssl s_server closes its connection when stdin hits EOF), every wait bounded, and
 * the process killed through its own handle when {@link #close() closed}.
 */
final class PeerProcess implements AutoCloseable {

    /** Text written to the peer's stdin once a line matching {@code when} appears on its stdout or stderr. */
    record Reply(Pattern when, String send) {}

    private static final Duration KILL_GRACE = Duration.ofSeconds(2);

    private final String label;
    private final List<String> command;
    private final Process process;
    private final OutputStream stdin;
    private final List<Reply> replies;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;
    private int streamsOpen = 2;
    private boolean killed;

    private PeerProcess(String label, List<String> command, Process process, List<Reply> replies) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdin = process.getOutputStream();
        this.replies = new ArrayList<>(replies);
        this.outReader = reader(process.getInputStream(), out, "out");
        this.errReader = reader(process.getErrorStream(), err, "err");
    }

    static PeerProcess start(String label, List<String> command, Map<String, String> environment, List<Reply> replies)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
        return new PeerProcess(label, command, builder.start(), replies);
    }

    /** The process's PID, to signal it (and only it). */
    long pid() {
        return process.pid();
    }

    static PeerProcess start(String label, List<String> command) throws IOException {
        return start(label, command, Map.of(), List.of());
    }

    private Thread reader(InputStream stream, List<String> lines, String name) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.ISO_8859_1))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            added(lines, line);
                        }
                    } catch (IOException ignored) {
                        // the process is gone; what was read is kept
                    } finally {
                        synchronized (this) {
                            streamsOpen--;
                            notifyAll();
                        }
                    }
                },
                "peer-" + label + "-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void added(List<String> lines, String line) {
        String reply = null;
        synchronized (this) {
            lines.add(line);
            for (Reply r : replies) {
                if (r.when().matcher(line).find()) {
                    reply = r.send();
                    replies.remove(r);
                    break;
                }
            }
            notifyAll();
        }
        if (reply != null) {
            send(reply);
        }
    }

    /** Closes the peer's stdin (openssl s_server then ends its connection); a peer that is gone already is not an error. */
    void closeStdin() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already closed, or the peer exited
        }
    }

    /** Writes to the peer's stdin; a peer that is gone already is not an error here. */
    void send(String text) {
        try {
            stdin.write(text.getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException ignored) {
            // the peer closed its stdin or exited: its verdict is read from its output
        }
    }

    /** The first line (stdout or stderr) matching {@code pattern}, waiting at most {@code max} for it. */
    synchronized Optional<String> awaitLine(Pattern pattern, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            Optional<String> found = firstLine(pattern);
            if (found.isPresent() || streamsOpen == 0) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized Optional<String> firstLine(Pattern pattern) {
        for (List<String> lines : List.of(out, err)) {
            for (String line : lines) {
                if (pattern.matcher(line).find()) {
                    return Optional.of(line);
                }
            }
        }
        return Optional.empty();
    }

    /** Waits at most {@code max} for the process to exit by itself; true if it did. */
    boolean awaitExit(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        joinReaders();
        return true;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or null while it runs or when the matrix had to kill it. */
    synchronized Integer exitCode() {
        return process.isAlive() || killed ? null : process.exitValue();
    }

    synchronized boolean killed() {
        return killed;
    }

    synchronized List<String> outLines() {
        return List.copyOf(out);
    }

    synchronized List<String> errLines() {
        return List.copyOf(err);
    }

    String label() {
        return label;
    }

    /** Command, exit and output, for a failure message. */
    synchronized String transcript() {
        StringBuilder b = new StringBuilder();
        b.append("$ ").append(String.join(" ", command)).append('\n');
        b.append("exit: ")
                .append(killed ? "killed by the test" : process.isAlive() ? "still running" : process.exitValue())
                .append('\n');
        b.append("stdout:\n");
        tail(out, b);
        b.append("stderr:\n");
        tail(err, b);
        return b.toString();
    }

    private static void tail(List<String> lines, StringBuilder b) {
        int from = Math.max(0, lines.size() - 40);
        if (from > 0) {
            b.append("  ... (").append(from).append(" lines)\n");
        }
        for (String line : lines.subList(from, lines.size())) {
            b.append("  ").append(line).append('\n');
        }
    }

    /** Kills the process (and anything it started) if it still runs: SIGTERM, then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already closed
        }
        if (process.isAlive()) {
            synchronized (this) {
                killed = true;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroy();
            try {
                if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                throw e;
            }
        }
        joinReaders();
    }

    private void joinReaders() throws InterruptedException {
        outReader.join(KILL_GRACE.toMillis());
        errReader.join(KILL_GRACE.toMillis());
    }
}
