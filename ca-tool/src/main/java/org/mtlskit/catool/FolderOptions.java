package org.mtlskit.catool;

import java.nio.file.Path;
import org.mtlskit.pki.internal.Defaults;
import picocli.CommandLine.Option;

/** Where profiles are read and files written; shared by every command. */
public final class FolderOptions {
    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Defaults.OUT_DIR;

    @Option(names = "--profiles", paramLabel = "DIR", description = "Profiles folder (default: ${DEFAULT-VALUE}).")
    Path profiles = Defaults.PROFILES_DIR;
}
