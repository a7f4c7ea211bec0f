package org.mtlskit.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Makes the key pairs a {@link Fixtures} run needs, in parallel. An RSA key is two prime searches
 * ({@link RsaPrimes}), each its own task: five RSA-4096 keys are ten tasks, so two cores stay busy
 * until the last prime instead of one core finishing the fifth key alone.
 */
final class KeyGeneration {
    private KeyGeneration() {
    }

    /**
     * A new key pair for each of {@code needing}, by profile name, made on up to one thread per
     * processor from {@code random} (shared by the threads: SecureRandom is thread-safe); RSA keys,
     * which take long enough to notice, are announced to {@code progress}.
     */
    static Map<String, KeyPair> generate(List<Profile> needing, SecureRandom random, Consumer<String> progress) {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        if (needing.isEmpty()) {
            return keys;
        }
        int tasks = needing.stream().mapToInt(p -> p.key().isRsa() ? 2 : 1).sum();
        int threads = Math.min(tasks, Runtime.getRuntime().availableProcessors());
        // Only RSA keys take long enough (about a second at 4096 bits) to be worth telling about.
        boolean slow = needing.stream().anyMatch(p -> p.key().isRsa());
        if (slow) {
            Profile only = needing.get(0);
            progress.accept(needing.size() == 1 ? "Generating " + only.key().displayName() + " key for "
                    + only.name() + "..." + (only.deliberatelyBroken() ? " " + Defect.describe(only.extras().defects()) : "")
                    : "Generating " + needing.size() + " keys on " + threads + " threads...");
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<String, CompletableFuture<KeyPair>> futures = new LinkedHashMap<>();
            for (Profile p : needing) {
                if (!p.key().isRsa()) {
                    futures.put(p.name(), CompletableFuture.supplyAsync(() -> p.key().generate(random), pool));
                    continue;
                }
                RsaPrimes primes = new RsaPrimes(p.key().bits());
                CompletableFuture<BigInteger> first = CompletableFuture.supplyAsync(() -> primes.p(random), pool);
                CompletableFuture<BigInteger> second = CompletableFuture.supplyAsync(() -> primes.q(random), pool);
                futures.put(p.name(), first.thenCombine(second, (pp, qq) -> {
                    // A refused pair (a chance near 2^-100) is made again on this thread, as the JDK would.
                    KeyPair pair = primes.pair(pp, qq).orElseGet(() -> primes.generate(random));
                    progress.accept(String.format("Generated %s key for %s (%.1f s)%s", p.key().displayName(),
                            p.name(), (System.nanoTime() - start) / 1e9, p.deliberatelyBroken()
                                    ? ": " + Defect.describe(p.extras().defects()) : ""));
                    return pair;
                }));
            }
            for (Profile p : needing) {
                keys.put(p.name(), futures.get(p.name()).join());
            }
            return keys;
        } catch (CompletionException e) {
            throw new IllegalStateException("key generation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
