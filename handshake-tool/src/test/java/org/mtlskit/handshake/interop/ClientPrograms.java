package org.mtlskit.handshake.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Small HTTPS clients in Python (urllib), Node (https.get) and Java (HttpClient), each as a user
 * writes one: the platform's default verification with the CA given, the good client certificate,
 * GET https://HOST:PORT/, exit 0 on an answer and 1 on an error. Each reaches the battery's names
 * through 127.0.0.1 its own way (Python: getaddrinfo wrapped; Node: the lookup option; Java:
 * jdk.net.hosts.file), so the name it checks is the one the case asks for.
 */
final class ClientPrograms {
    private ClientPrograms() {}

    static final String PYTHON = """
            import socket, ssl, sys, urllib.request
            host, port, ca, cert, key = sys.argv[1:6]
            real = socket.getaddrinfo
            socket.getaddrinfo = lambda h, *rest, **kw: real("127.0.0.1", *rest, **kw)
            context = ssl.create_default_context(cafile=ca)
            context.load_cert_chain(cert, key)
            try:
                with urllib.request.urlopen(f"https://{host}:{port}/", context=context, timeout=20) as answer:
                    print("HTTP", answer.status)
            except Exception as e:
                print("error:", e)
                sys.exit(1)
            """;

    static final String NODE = """
            const https = require("https"), fs = require("fs");
            const [host, port, ca, cert, key] = process.argv.slice(2);
            const lookup = (name, options, callback) => options && options.all
                ? callback(null, [{address: "127.0.0.1", family: 4}]) : callback(null, "127.0.0.1", 4);
            const request = https.get({host, port, path: "/", lookup, timeout: 20000, ca: fs.readFileSync(ca),
                cert: fs.readFileSync(cert), key: fs.readFileSync(key)}, answer => {
                console.log("HTTP " + answer.statusCode);
                answer.resume();
                answer.on("end", () => process.exit(0));
            });
            request.on("timeout", () => { console.log("error: timed out"); process.exit(2); });
            request.on("error", e => { console.log("error: " + e.message); process.exit(1); });
            """;

    static final String JAVA = """
            import java.net.URI;
            import java.net.http.HttpClient;
            import java.net.http.HttpRequest;
            import java.net.http.HttpResponse;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.security.KeyFactory;
            import java.security.KeyStore;
            import java.security.PrivateKey;
            import java.security.cert.Certificate;
            import java.security.cert.CertificateFactory;
            import java.security.spec.PKCS8EncodedKeySpec;
            import java.time.Duration;
            import java.util.Base64;
            import javax.net.ssl.KeyManagerFactory;
            import javax.net.ssl.SSLContext;
            import javax.net.ssl.TrustManagerFactory;

            /** GET https://HOST:PORT/ with HttpClient: the JDK's default verification, the given CA and client key. */
            public class HttpsGet {
                public static void main(String[] a) throws Exception {
                    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
                    KeyStore trust = KeyStore.getInstance("PKCS12");
                    trust.load(null, null);
                    try (var in = Files.newInputStream(Path.of(a[2]))) {
                        trust.setCertificateEntry("ca", x509.generateCertificate(in));
                    }
                    Certificate[] chain;
                    try (var in = Files.newInputStream(Path.of(a[3]))) {
                        chain = x509.generateCertificates(in).toArray(Certificate[]::new);
                    }
                    String pem = Files.readString(Path.of(a[4])).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\\\s", "");
                    PrivateKey key = KeyFactory.getInstance(chain[0].getPublicKey().getAlgorithm())
                            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
                    KeyStore own = KeyStore.getInstance("PKCS12");
                    own.load(null, null);
                    own.setKeyEntry("me", key, new char[0], chain);
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(trust);
                    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    kmf.init(own, new char[0]);
                    SSLContext tls = SSLContext.getInstance("TLS");
                    tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                    HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(20)).build();
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://" + a[0] + ":" + a[1] + "/"))
                                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                        System.out.println("HTTP " + r.statusCode());
                        System.exit(0); // HttpClient's own threads would keep the JVM alive a while longer
                    } catch (java.io.IOException e) {
                        System.out.println("error: " + e);
                        System.exit(1);
                    }
                }
            }
            """;

    static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(Files.createDirectories(dir).resolve(name), text);
    }

    /** Compiles HttpsGet.java into {@code dir} with the JDK's javac; returns the class folder. */
    static Path compileJava(Path dir) throws IOException, InterruptedException {
        Path source = write(dir, "HttpsGet.java", JAVA);
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        try (PeerProcess p =
                PeerProcess.start("javac", List.of(javac.toString(), "-d", dir.toString(), source.toString()))) {
            if (!p.awaitExit(Duration.ofSeconds(120)) || p.exitCode() != 0) {
                throw new IOException("cannot compile HttpsGet.java:\n" + p.transcript());
            }
        }
        return dir;
    }
}
