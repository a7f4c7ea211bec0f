package org.mtlskit.catool;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mtlskit.pki.internal.files.UnfinishedCommit;
import org.mtlskit.pki.internal.inspect.Inspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Shows what is inside certificates, chains, CSRs, keys and CRLs.",
            "Every extension is decoded; of a key only its type, size and public-key fingerprint are shown, never "
                    + "private material.",
            "Like: openssl x509 -text -noout, openssl req -text, openssl crl -text."
        })
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    private CaTool tool;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "PEM files.")
    private List<Path> files;

    @Option(
            names = "--json",
            description = "JSON for scripts and CI (schema " + InspectionJson.SCHEMA + ", see docs/ca-tool.md).")
    private boolean json;

    @Override
    public Integer call() {
        Instant now = tool.clock.instant();
        UnfinishedCommit.refuseIn(files);
        Map<Path, List<Inspector.Item>> contents = new LinkedHashMap<>();
        for (Path file : files) {
            contents.put(file, Inspector.inspect(file, now));
        }
        if (json) {
            spec.commandLine().getOut().println(InspectionJson.render(contents, now));
        } else {
            contents.forEach(
                    (file, items) -> InspectionText.print(spec.commandLine().getOut(), file, items));
        }
        return ExitCodes.OK;
    }
}
