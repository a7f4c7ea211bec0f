package org.mtlskit.handshake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A peer that is not installed: its cells are skipped with the reason on a developer's machine,
 * and fail in CI, where nothing may be skipped. No process is started.
 */
class InteropMissingPeerTest {

    /** A peer whose program is not on this machine. */
    static final class AbsentPeer extends Peer {
        @Override
        String name() {
            return "absent";
        }

        @Override
        String program(Role role) {
            return "absent-tls-" + role.name().toLowerCase();
        }

        @Override
        boolean speaks(String tls) {
            return true;
        }

        @Override
        Optional<String> missing(Role role) {
            return Optional.of(program(role) + " not found on PATH");
        }

        @Override
        String version() {
            return "absent";
        }

        private static AssertionError started() {
            return new AssertionError("a missing peer must not be started");
        }

        @Override
        PeerProcess startServer(PeerFiles files, String tls) {
            throw started();
        }

        @Override
        Pattern portLine() {
            throw started();
        }

        @Override
        Pattern connectedLine() {
            throw started();
        }

        @Override
        PeerProcess startClient(PeerFiles files, String tls, int port) {
            throw started();
        }

        @Override
        Verdict verdict(Role role, String tls, PeerProcess process) {
            throw started();
        }

        @Override
        Expected accepts(Role role, String tls, Peer other) {
            return new Expected(Verdict.Kind.ACCEPTS, 0, "");
        }

        @Override
        Expected refusesUntrustedPeer(Role role, String tls) {
            return new Expected(Verdict.Kind.REFUSES, 1, "");
        }

        @Override
        Expected refusedBy(Role role, String tls, Alert alert) {
            return new Expected(Verdict.Kind.REFUSED_BY_PEER, 1, "");
        }

        @Override
        Alert alertWhenRefusing(Role role, String tls) {
            return Alert.BAD_CERTIFICATE;
        }
    }

    private static final Cell CELL = new Cell(
            Matrix.HANDSHAKE_TOOL,
            new AbsentPeer(),
            new KeySet("rsa-4096", Path.of("no-keys-needed")),
            "1.2",
            DemoScenario.GOOD);

    @Test
    void missingPeerSkipsItsCellsWithTheReasonOnADevelopersMachine() throws Exception {
        CellResult r = CellRun.run(CELL);

        assertEquals(CellResult.Status.SKIPPED, r.status());
        assertEquals("absent-tls-client: absent-tls-client not found on PATH", r.skipReason());
        TestAbortedException skipped =
                assertThrows(TestAbortedException.class, () -> MatrixReport.requireRan(r, false));
        assertTrue(skipped.getMessage().contains("absent-tls-client not found on PATH"), skipped.getMessage());
        assertTrue(new MatrixTable("t", java.util.List.of(r), java.time.Duration.ZERO)
                .markdown()
                .contains("skipped: absent-tls-client: absent-tls-client not found on PATH"));
    }

    @Test
    void missingPeerFailsItsCellsInCi() throws Exception {
        CellResult r = CellRun.run(CELL);

        AssertionFailedError failed = assertThrows(AssertionFailedError.class, () -> MatrixReport.requireRan(r, true));
        assertTrue(
                failed.getMessage()
                        .startsWith("CI=true, so no cell may be skipped, but handshake-tool serve × "
                                + "absent-tls-client"),
                failed.getMessage());
    }
}
