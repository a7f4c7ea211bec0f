package org.mtlskit.pki;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Makes the key pairs a {@link Fixtures} run needs, in parallel. */
final class KeyGeneration {
    private KeyGeneration() {
    }

    /**
     * A new key pair for each of {@code needing}, by profile name, made on up to one thread per
     * processor; RSA keys, which take long enough to notice, are announced to {@code progress}.
     */
    static Map<String, KeyPair> generate(List<Profile> needing, SecureRandom random, Consumer<String> progress) {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        if (needing.isEmpty()) {
            return keys;
        }
        int threads = Math.min(needing.size(), Runtime.getRuntime().availableProcessors());
        // Only RSA keys take long enough (about a second at 4096 bits) to be worth telling about.
        boolean slow = needing.stream().anyMatch(p -> p.key().isRsa());
        if (slow) {
            Profile only = needing.get(0);
            progress.accept(needing.size() == 1 ? "Generating " + only.key().displayName() + " key for "
                    + only.name() + "..." + (only.deliberatelyBroken() ? " " + Defect.describe(only.extras().defects()) : "")
                    : "Generating " + needing.size() + " keys on " + threads + " threads...");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<String, Future<KeyPair>> futures = new LinkedHashMap<>();
            for (Profile p : needing) {
                futures.put(p.name(), pool.submit(() -> {
                    long start = System.nanoTime();
                    KeyPair pair = p.key().generate(random);
                    if (p.key().isRsa()) {
                        progress.accept(String.format("Generated %s key for %s (%.1f s)%s", p.key().displayName(),
                                p.name(), (System.nanoTime() - start) / 1e9, p.deliberatelyBroken()
                                        ? ": " + Defect.describe(p.extras().defects()) : ""));
                    }
                    return pair;
                }));
            }
            for (Map.Entry<String, Future<KeyPair>> f : futures.entrySet()) {
                keys.put(f.getKey(), f.getValue().get());
            }
            return keys;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating keys", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("key generation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
