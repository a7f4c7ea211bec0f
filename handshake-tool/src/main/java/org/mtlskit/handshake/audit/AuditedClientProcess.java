package org.mtlskit.handshake.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The audited client's command, run once per case: {host}, {ip}, {port}, {ca} and {crl} substituted, run
 * by sh in a process group of its own (setsid) so that it and everything it started can be ended
 * together; its output is kept for its last line. We end only the process we started, by its PID,
 * and its process group.
 */
public final class AuditedClientProcess {

    /** What the command did: its exit code ("killed" when we ended it) and the last line it printed. */
    public record Ran(String exit, String lastLine) {}

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Process process;
    private final Thread reader;
    private final StringBuilder output = new StringBuilder();

    private AuditedClientProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::drain, "audit-client-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The template with each {name} replaced by its value; other braces stay as they are. */
    public static String substitute(String template, Map<String, String> values) {
        String s = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            s = s.replace("{" + e.getKey() + "}", e.getValue());
        }
        return s;
    }

    public static AuditedClientProcess start(String command) throws IOException {
        List<String> argv = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            argv.add(SETSID.toString());
        }
        argv.addAll(List.of("/bin/sh", "-c", command));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        return new AuditedClientProcess(p);
    }

    public boolean alive() {
        return process.isAlive();
    }

    private void drain() {
        byte[] buffer = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (output) {
                    if (output.length() < 1 << 20) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            // the process ended: its output is what we read
        }
    }

    /**
     * Waits up to {@code grace} for the command to end by itself, else ends it (TERM, then KILL after
     * a second), and tells what it did.
     */
    public Ran finish(Duration grace) throws InterruptedException {
        boolean killed = false;
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            killed = true;
            signalGroup("TERM");
            process.destroy();
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                signalGroup("KILL");
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        // the shell ended; anything it left running in its group goes with it
        signalGroup("KILL");
        reader.join(1000);
        String last;
        synchronized (output) {
            last = output.toString()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .reduce((a, b) -> b)
                    .orElse("");
        }
        if (last.length() > 200) {
            last = last.substring(0, 200) + "...";
        }
        // the client's words reach our terminal and reports: ESC, BEL and the like are shown, not obeyed
        last = org.mtlskit.pki.internal.text.PrintableText.escape(last);
        return new Ran(killed ? "killed" : String.valueOf(process.exitValue()), last);
    }

    /** Signals the process group whose leader is our process (setsid made it so), by its PID. */
    private void signalGroup(String signal) throws InterruptedException {
        if (!Files.isExecutable(SETSID)) {
            process.descendants()
                    .forEach(signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
            return;
        }
        try {
            // sh's own kill: procps need not be installed
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal + " -- -" + process.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
