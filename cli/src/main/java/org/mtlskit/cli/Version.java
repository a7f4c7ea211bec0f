package org.mtlskit.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "dev" when run from classes. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"${ROOT-COMMAND-NAME} " + number()};
    }

    public static String number() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Answers a lone --version before picocli builds its model of every command (most of start-up:
     * picocli's classes cannot go in the class-data-sharing archive), with the same line picocli prints.
     */
    public static boolean printedFor(String tool, String[] args) {
        if (args.length == 1 && args[0].equals("--version")) {
            System.out.println(tool + " " + number());
            return true;
        }
        return false;
    }
}
