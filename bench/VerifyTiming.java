import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.mtlskit.pki.internal.verify.CertificateVerifier;
import org.mtlskit.pki.internal.verify.MalformedCertificates;
import org.mtlskit.pki.internal.verify.VerificationRequest;

/**
 * The time CertificateVerifier takes for its verdict, without the JVM's start: for each input
 * (LEAF UNTRUSTED pairs in the folder given), the first call in a fresh JVM (classes loaded, Bouncy
 * Castle's provider made) and the median of 5 calls after it. Run by scripts/bench-verify.sh.
 */
public class VerifyTiming {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        for (int i = 1; i + 2 < args.length; i += 3) {
            var leaf = MalformedCertificates.read(dir.resolve(args[i + 1])).certificates();
            var untrusted = MalformedCertificates.read(dir.resolve(args[i + 2])).certificates();
            var roots = MalformedCertificates.read(dir.resolve("root.pem")).certificates();
            VerificationRequest request = VerificationRequest.of(leaf, roots, Instant.now()).untrusted(untrusted);
            long[] ms = new long[6];
            String verdict = "";
            for (int r = 0; r < ms.length; r++) {
                long t0 = System.nanoTime();
                verdict = CertificateVerifier.verify(request).toString();
                ms[r] = (System.nanoTime() - t0) / 1_000_000;
            }
            long[] warm = Arrays.copyOfRange(ms, 1, ms.length);
            Arrays.sort(warm);
            System.out.printf("| %s | %s | %d | %d (%d–%d) |%n", args[i], verdict.equals("[]") ? "accepted" : verdict,
                    ms[0], warm[2], warm[0], warm[4]);
        }
    }
}
