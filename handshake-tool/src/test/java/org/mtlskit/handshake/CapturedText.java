package org.mtlskit.handshake;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that a command or a process writes, kept whole, with a way to wait for a line to appear
 * (the port a server prints, for example) without sleeping.
 */
final class CapturedText extends Writer {
    private final StringBuilder text = new StringBuilder();
    private boolean ended;

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
        text.append(buffer, offset, length);
        notifyAll();
    }

    @Override
    public void flush() {}

    /** No more text will come: waiting for a line that is not there fails at once. */
    @Override
    public synchronized void close() {
        ended = true;
        notifyAll();
    }

    synchronized String text() {
        return text.toString();
    }

    List<String> lines() {
        return text().lines().toList();
    }

    /** The first complete line matching {@code pattern} whole; fails with the text so far if none comes in time. */
    synchronized Matcher awaitLine(Pattern pattern, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            String complete = text.substring(0, text.lastIndexOf("\n") + 1);
            for (String line : complete.lines().toList()) {
                Matcher m = pattern.matcher(line);
                if (m.matches()) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError("no line matching " + pattern
                        + (ended ? " before the output ended" : " within " + within) + "; the output was:\n" + text);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Copies a process's stream into a new text on a daemon thread, until the stream ends. */
    static CapturedText of(InputStream stream, String name) {
        CapturedText captured = new CapturedText();
        Thread pump = new Thread(
                () -> {
                    try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                        char[] buffer = new char[4096];
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            captured.write(buffer, 0, n);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } finally {
                        captured.close();
                    }
                },
                "pump " + name);
        pump.setDaemon(true);
        pump.start();
        return captured;
    }
}
