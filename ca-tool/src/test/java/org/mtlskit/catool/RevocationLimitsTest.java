package org.mtlskit.catool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlskit.pki.internal.Defaults;
import org.mtlskit.pki.testing.TestPki;
import org.mtlskit.testing.ToolRun;

/** revoke needs a CA that publishes a CRL; crl --days has the bound of a profile's crl.days. */
class RevocationLimitsTest {

    @TempDir
    Path root;

    Path keys;
    Path profiles;

    @BeforeEach
    void makeSet() {
        Map<String, String> demo = TestPki.demoProfiles("ec-p256"); // bad-ca has no crl:
        demo.put("ca", TestPki.ca("ec-p256") + "crl:\n  days: 30\n");
        keys = TestPki.makeSet(root, demo, Clock.systemUTC());
        profiles = root.resolve("profiles");
    }

    ToolRun.Result caTool(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", keys.toString(), "--profiles", profiles.toString()));
        return ToolRun.caTool(all.toArray(String[]::new));
    }

    @Test
    void revokeByACaWithoutCrlIsRefusedAndRecordsNothing() {
        FolderSnapshot before = FolderSnapshot.of(keys);

        ToolRun.Result r = caTool("revoke", "bad");

        assertEquals(ExitCodes.INVALID_PROFILE, r.code());
        assertEquals(
                profiles.resolve("bad-ca.yaml") + ": CA \"bad-ca\" publishes no CRL (its profile has no crl: "
                        + "section), so no peer would learn of the revocation; add crl: with days: N to it first",
                r.errorLine());
        assertEquals(java.util.Set.of(), before.changedIn(FolderSnapshot.of(keys)));
    }

    @Test
    void crlDaysAboveTheProfileBoundIsAUsageError() {
        FolderSnapshot before = FolderSnapshot.of(keys);

        ToolRun.Result r = caTool("crl", "ca", "--days", Integer.toString(Defaults.MAX_DAYS + 1));

        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(
                r.err().startsWith("ca-tool: error: --days: must be 1 to 36500 (as a profile's crl.days), got 36501"),
                r.err());
        assertEquals(java.util.Set.of(), before.changedIn(FolderSnapshot.of(keys)));
        assertEquals(0, caTool("crl", "ca", "--days", "36500").code());
    }
}
