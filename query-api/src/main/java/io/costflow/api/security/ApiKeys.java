package io.costflow.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Generates API keys and derives what is stored about them. */
final class ApiKeys {

    /** Generated keys start with this, so a leaked one is easy to recognise (e.g. by scanners). */
    static final String KEY_PREFIX = "cfk_";

    /** Keys supplied through configuration must be at least this long to be worth a fast hash. */
    static final int MIN_CONFIGURED_KEY_LENGTH = 32;

    private static final int KEY_BYTES = 32;
    private static final int SHOWN_CHARS = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One digest per thread: every request hashes its key, and a look-up per call costs more. */
    private static final ThreadLocal<MessageDigest> SHA_256 =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return MessageDigest.getInstance("SHA-256");
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("every JVM has SHA-256", e);
                        }
                    });

    private ApiKeys() {}

    /** A new key: {@code cfk_} and 256 random bits, base64url. */
    static String generate() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new random id for a key row; not derived from the key, so it reveals nothing. */
    static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }

    /**
     * SHA-256 of the key. A slow password hash (bcrypt, argon2) is not needed: keys carry 256
     * random bits (configured ones at least {@value #MIN_CONFIGURED_KEY_LENGTH} characters), so
     * guessing the preimage of a leaked hash is infeasible anyway, and every request pays for the
     * hash.
     */
    static byte[] hash(String key) {
        return SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The non-secret head of a key shown in lists and logs: a few characters, never enough to use.
     */
    static String shownPrefix(String key) {
        int length = key.startsWith(KEY_PREFIX) ? KEY_PREFIX.length() + 4 : 4;
        return key.substring(0, Math.min(length, key.length())) + "…";
    }

    /** Whether a configured key is long enough; shorter ones could be guessed. */
    static boolean isPlausible(String key) {
        return key.length() >= MIN_CONFIGURED_KEY_LENGTH && isWellFormed(key);
    }

    /** Whether a presented key could be one of ours at all; others are not even looked up. */
    static boolean isWellFormed(String key) {
        return key.length() <= 256 && key.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f);
    }
}
