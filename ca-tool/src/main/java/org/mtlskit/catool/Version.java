package org.mtlskit.catool;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "dev" when run from classes. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"${ROOT-COMMAND-NAME} " + (v == null ? "dev" : v)};
    }
}
