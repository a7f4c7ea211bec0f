package org.mtlskit.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** RSA keys from separately searched primes pass every check the JDK's generator makes (FIPS 186-4 B.3.3). */
class RsaPrimesTest {

    /** The checks of FIPS 186-4 B.3.3 and the JDK's generator, on a key of {@code bits}. */
    static void assertFips186Key(KeyPair pair, int bits) {
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
        BigInteger p = key.getPrimeP();
        BigInteger q = key.getPrimeQ();
        BigInteger n = pub.getModulus();
        assertEquals(BigInteger.valueOf(65537), pub.getPublicExponent());
        assertEquals(bits, n.bitLength());
        assertEquals(n, p.multiply(q));
        assertEquals(bits / 2, p.bitLength());
        assertEquals(bits / 2, q.bitLength());
        assertTrue(p.isProbablePrime(128) && q.isProbablePrime(128), "p and q are prime");
        BigInteger minimum = BigInteger.TWO.pow(bits - 1).sqrt();
        assertTrue(p.compareTo(minimum) > 0 && q.compareTo(minimum) > 0, "p, q > sqrt(2) * 2^(bits/2 - 1)");
        assertTrue(p.subtract(q).abs().compareTo(BigInteger.TWO.pow(bits / 2 - 100)) > 0, "|p - q| > 2^(bits/2 - 100)");
        BigInteger p1 = p.subtract(BigInteger.ONE);
        BigInteger q1 = q.subtract(BigInteger.ONE);
        assertEquals(BigInteger.ONE, pub.getPublicExponent().gcd(p1), "gcd(e, p - 1) = 1");
        assertEquals(BigInteger.ONE, pub.getPublicExponent().gcd(q1), "gcd(e, q - 1) = 1");
        BigInteger lcm = p1.multiply(q1).divide(p1.gcd(q1));
        BigInteger d = key.getPrivateExponent();
        assertEquals(BigInteger.ONE, d.multiply(pub.getPublicExponent()).mod(lcm), "e * d = 1 mod lcm(p - 1, q - 1)");
        assertTrue(d.compareTo(BigInteger.TWO.pow(bits / 2)) > 0, "d > 2^(bits/2)");
        assertEquals(d.mod(p1), key.getPrimeExponentP());
        assertEquals(d.mod(q1), key.getPrimeExponentQ());
        assertEquals(BigInteger.ONE, key.getCrtCoefficient().multiply(q).mod(p), "q * qInv = 1 mod p");
        BigInteger m = new BigInteger(bits - 8, new SecureRandom());
        assertEquals(m, m.modPow(pub.getPublicExponent(), n).modPow(d, n), "decrypts what it encrypts");
    }

    @Test
    void primesSearchedApartMakeKeysThatPassEveryCheckOfTheJdksGenerator() {
        SecureRandom random = new SecureRandom();
        RsaPrimes primes = new RsaPrimes(2048);
        for (int i = 0; i < 2; i++) {
            Optional<KeyPair> pair = primes.pair(primes.p(random), primes.q(random));
            assertTrue(pair.isPresent());
            assertFips186Key(pair.get(), 2048);
        }
    }

    @Test
    void primesTooCloseToEachOtherAreRefused() {
        RsaPrimes primes = new RsaPrimes(2048);
        BigInteger p = primes.p(new SecureRandom());
        assertEquals(Optional.empty(), primes.pair(p, p.add(BigInteger.TWO.pow(900)).nextProbablePrime()));
    }

    @Test
    void primesWhoseProductIsABitShortAreRefused() {
        RsaPrimes primes = new RsaPrimes(2048);
        BigInteger p = BigInteger.TWO.pow(1023).nextProbablePrime();
        BigInteger q = BigInteger.TWO.pow(1023).add(BigInteger.TWO.pow(1000)).nextProbablePrime();
        assertEquals(2047, p.multiply(q).bitLength());
        assertEquals(Optional.empty(), primes.pair(p, q));
    }

    @Test
    void theKeyComesFromTheRandomnessGivenAndNothingElse() throws NoSuchAlgorithmException {
        KeyPair first = new RsaPrimes(2048).generate(seeded());
        KeyPair second = new RsaPrimes(2048).generate(seeded());
        assertEquals(first.getPublic(), second.getPublic());
        assertFips186Key(first, 2048);

        AtomicInteger draws = new AtomicInteger();
        SecureRandom counting = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                draws.incrementAndGet();
                super.nextBytes(bytes);
            }
        };
        new RsaPrimes(2048).generate(counting);
        assertTrue(draws.get() >= 2, "drew " + draws.get() + " times");
    }

    private static SecureRandom seeded() throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(new byte[] {1, 2, 3, 4});
        return random;
    }
}
