package org.mtlskit.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;

/**
 * RSA key pairs made as the JDK's own generator (sun.security.rsa.RSAKeyPairGenerator, FIPS 186-4
 * B.3.3) makes them, split in two halves so that a batch of keys can search all its primes at once:
 * {@link #prime} is one prime search, {@link #pair} joins two primes into a key or refuses them.
 * The tests are the JDK's, one for one: each prime from {@link BigInteger#probablePrime} (Miller-Rabin
 * and Lucas), above √2·2^(bits/2−1) for key sizes of 2048 bits and more, and with p − 1 coprime to e
 * (e = 65537, a prime: p − 1 not a multiple of it); |p − q| > 2^(bits/2−100); the modulus exactly the
 * key size; d, the inverse of e modulo lcm(p − 1, q − 1), above 2^(bits/2). Where the JDK, refused a
 * pair, searches again (a chance near 2^−100 for the distance), {@link #generate} searches both again.
 */
final class RsaPrimes {
    /** e = 65537, the JDK's, OpenSSL's and Bouncy Castle's default. */
    static final BigInteger E = RSAKeyGenParameterSpec.F4;

    private final int keySize;
    private final int pBits;
    private final int qBits;
    /** √(2^(keySize−1)), which every prime must exceed; zero (no bound) below 2048 bits, as in the JDK. */
    private final BigInteger minimum;

    RsaPrimes(int keySize) {
        this.keySize = keySize;
        this.pBits = (keySize + 1) >> 1;
        this.qBits = keySize - pBits;
        boolean fips = keySize >= 2048 && (keySize & 1) == 0;
        this.minimum = fips ? BigInteger.TWO.pow(keySize - 1).sqrt() : BigInteger.ZERO;
    }

    /** The first prime of a key (p), found as the JDK finds it: up to 10 × its length candidates. */
    BigInteger p(SecureRandom random) {
        return prime(pBits, 10 * pBits, random);
    }

    /** The second prime of a key (q), found alone; {@link #pair} checks its distance to p. */
    BigInteger q(SecureRandom random) {
        return prime(qBits, 20 * qBits, random);
    }

    private BigInteger prime(int bits, int attempts, SecureRandom random) {
        for (int i = 0; i < attempts; i++) {
            BigInteger candidate = BigInteger.probablePrime(bits, random);
            if (candidate.compareTo(minimum) > 0 && candidate.subtract(BigInteger.ONE).mod(E).signum() != 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("no RSA-" + keySize + " prime found in " + attempts + " attempts");
    }

    /**
     * The key pair of p and q, or nothing when the JDK's generator would have refused them and searched
     * again: p and q too close, a modulus one bit short, or a private exponent too small.
     */
    Optional<KeyPair> pair(BigInteger p, BigInteger q) {
        if (p.subtract(q).abs().compareTo(BigInteger.TWO.pow(pBits - 100)) <= 0) {
            return Optional.empty();
        }
        BigInteger n = p.multiply(q);
        if (n.bitLength() != keySize) {
            return Optional.empty();
        }
        BigInteger p1 = p.subtract(BigInteger.ONE);
        BigInteger q1 = q.subtract(BigInteger.ONE);
        BigInteger lcm = p1.multiply(q1).divide(p1.gcd(q1));
        BigInteger d = E.modInverse(lcm);
        if (d.compareTo(BigInteger.TWO.pow(p.bitLength())) <= 0) {
            return Optional.empty();
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            return Optional.of(new KeyPair(
                    factory.generatePublic(new RSAPublicKeySpec(n, E)),
                    factory.generatePrivate(new RSAPrivateCrtKeySpec(n, E, d, p, q,
                            d.mod(p1), d.mod(q1), q.modInverse(p)))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make RSA keys", e);
        }
    }

    /** A key pair made start to end on this thread, as the JDK's generator loops until one is accepted. */
    KeyPair generate(SecureRandom random) {
        while (true) {
            Optional<KeyPair> pair = pair(p(random), q(random));
            if (pair.isPresent()) {
                return pair.get();
            }
        }
    }
}
