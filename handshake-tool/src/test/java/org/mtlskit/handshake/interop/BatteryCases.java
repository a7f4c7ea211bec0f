package org.mtlskit.handshake.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The battery's case names for one role, read from its profiles: the baseline first, then by name. */
final class BatteryCases {
    private BatteryCases() {}

    static List<String> names(Path profiles, String role) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String baseline = null;
        List<String> rest = new ArrayList<>();
        try (Stream<Path> files = Files.list(profiles)) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode audit = yaml.readTree(p.toFile()).path("audit");
                if (!role.equals(audit.path("role").asText())) {
                    continue;
                }
                String name = p.getFileName().toString().replaceAll("\\.yaml$", "");
                if (audit.path("baseline").asBoolean(false)) {
                    baseline = name;
                } else {
                    rest.add(name);
                }
            }
        }
        if (baseline == null) {
            throw new IOException(profiles + ": no " + role + " case with audit.baseline: true");
        }
        List<String> all = new ArrayList<>(List.of(baseline));
        all.addAll(rest);
        return all;
    }
}
