package org.mtlskit.catool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.mtlskit.pki.internal.inspect.Inspector;
import org.mtlskit.pki.internal.inspect.Inspector.DecodedExtension;
import org.mtlskit.pki.internal.x509.AltName;
import org.mtlskit.pki.internal.x509.PublicKeys;

/**
 * ca-tool show --json: schema "mtlskit.show/1", documented in docs/ca-tool.md ("show --json schema").
 * Every field of a kind is always present (null when it does not apply), in a fixed order; a new
 * field may be added in a later version, a field is never renamed or removed without a new schema name.
 */
final class InspectionJson {
    private InspectionJson() {}

    static final String SCHEMA = "mtlskit.show/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static String render(Map<Path, List<Inspector.Item>> files, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("now", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        ArrayNode list = root.putArray("files");
        files.forEach((file, items) -> {
            ObjectNode f = list.addObject();
            f.put("file", file.toString());
            ArrayNode objects = f.putArray("objects");
            items.forEach(item -> objects.add(item(item)));
        });
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static JsonNode item(Inspector.Item item) {
        ObjectNode o = JSON.createObjectNode();
        if (item instanceof Inspector.CertificateItem c) {
            o.put("kind", "certificate");
            o.put("version", c.version());
            o.put("subject", c.subject());
            o.put("issuer", c.issuer());
            o.put("serial", c.serial());
            o.put("signatureAlgorithm", c.signatureAlgorithm());
            o.put("notBefore", c.notBefore().toString());
            o.put("notAfter", c.notAfter().toString());
            o.put("daysLeft", c.daysLeft());
            o.put("status", c.status());
            o.put("selfIssued", c.selfIssued());
            o.set("publicKey", key(c.publicKey()));
            o.set("extensions", extensions(c.extensions()));
            o.put("sha256", c.sha256());
        } else if (item instanceof Inspector.RequestItem r) {
            o.put("kind", "csr");
            o.put("subject", r.subject());
            o.put("signatureAlgorithm", r.signatureAlgorithm());
            o.put("signatureValid", r.signatureValid());
            o.set("publicKey", key(r.publicKey()));
            o.set("requestedExtensions", extensions(r.requestedExtensions()));
            o.put("sha256", r.sha256());
        } else if (item instanceof Inspector.KeyItem k) {
            o.put("kind", k.privateKey() ? "privateKey" : "publicKey");
            o.put("encrypted", k.encrypted());
            o.set("publicKey", key(k.publicKey()));
        } else if (item instanceof Inspector.CrlItem c) {
            o.put("kind", "crl");
            o.put("issuer", c.issuer());
            o.put("signatureAlgorithm", c.signatureAlgorithm());
            o.put("thisUpdate", c.thisUpdate().toString());
            o.put("nextUpdate", c.nextUpdate() == null ? null : c.nextUpdate().toString());
            ArrayNode revoked = o.putArray("revoked");
            for (Inspector.RevokedEntry e : c.revoked()) {
                ObjectNode r = revoked.addObject();
                r.put("serial", e.serial());
                r.put("revocationDate", e.revocationDate().toString());
                r.put("reason", e.reason());
            }
            o.set("extensions", extensions(c.extensions()));
            o.put("sha256", c.sha256());
        } else if (item instanceof Inspector.OtherItem other) {
            o.put("kind", "other");
            o.put("description", other.description());
        }
        return o;
    }

    private static JsonNode key(PublicKeys.Description key) {
        if (key == null) {
            return JSON.nullNode();
        }
        ObjectNode k = JSON.createObjectNode();
        k.put("algorithm", key.algorithm());
        k.put("bits", key.bits());
        k.put("curve", key.curve());
        k.put("sha256", key.sha256());
        return k;
    }

    private static ArrayNode extensions(List<DecodedExtension> extensions) {
        ArrayNode list = JSON.createArrayNode();
        for (DecodedExtension e : extensions) {
            ObjectNode x = list.addObject();
            x.put("oid", e.oid());
            x.put("name", e.name());
            x.put("critical", e.critical());
            x.set("value", value(e.value()));
        }
        return list;
    }

    private static JsonNode value(Inspector.ExtensionValue value) {
        if (value instanceof Inspector.BasicConstraintsValue bc) {
            ObjectNode o = JSON.createObjectNode();
            o.put("ca", bc.ca());
            o.put("pathLen", bc.pathLen());
            return o;
        }
        if (value instanceof Inspector.NameList names) {
            ArrayNode a = JSON.createArrayNode();
            names.names().forEach(a::add);
            return a;
        }
        if (value instanceof Inspector.AltNames names) {
            return altNames(names.names());
        }
        if (value instanceof Inspector.KeyId id) {
            return JSON.getNodeFactory().textNode(id.keyId());
        }
        if (value instanceof Inspector.AuthorityKeyId aki) {
            ObjectNode o = JSON.createObjectNode();
            o.put("keyId", aki.keyId());
            o.set("issuer", aki.issuer() == null ? JSON.nullNode() : altNames(aki.issuer()));
            o.put("serial", aki.serial());
            return o;
        }
        if (value instanceof Inspector.Number n) {
            return JSON.getNodeFactory().numberNode(n.number());
        }
        ObjectNode raw = JSON.createObjectNode();
        raw.put("der", ((Inspector.Raw) value).der());
        return raw;
    }

    private static ArrayNode altNames(List<AltName> names) {
        ArrayNode a = JSON.createArrayNode();
        for (AltName n : names) {
            ObjectNode o = a.addObject();
            o.put("type", n.type());
            o.put("value", n.value());
        }
        return a;
    }
}
