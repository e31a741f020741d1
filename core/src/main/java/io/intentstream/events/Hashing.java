package io.intentstream.events;

/** Allocation-free 64-bit string hashing for identifiers kept in session state and derived event ids. */
public final class Hashing {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {}

    /** FNV-1a over the UTF-16 code units, finished with an avalanche so low bits are usable too. */
    public static long hash64(CharSequence s) {
        long h = FNV_OFFSET;
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return avalanche(h);
    }

    /** {@link #hash64} of {@code a}, a NUL character and {@code b}, without building the joined string. */
    public static long hash64(CharSequence a, CharSequence b) {
        long h = FNV_OFFSET;
        for (int i = 0, n = a.length(); i < n; i++) {
            h ^= a.charAt(i);
            h *= FNV_PRIME;
        }
        h *= FNV_PRIME; // the NUL separator: h ^= 0 changes nothing
        for (int i = 0, n = b.length(); i < n; i++) {
            h ^= b.charAt(i);
            h *= FNV_PRIME;
        }
        return avalanche(h);
    }

    /** A second, structurally different 64-bit hash, used to widen derived ids to 128 bits. */
    public static long hash64Alt(CharSequence s) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0, n = s.length(); i < n; i++) {
            h = (h + s.charAt(i)) * 0xC2B2AE3D27D4EB4FL;
            h = Long.rotateLeft(h, 31);
        }
        return avalanche(h ^ s.length());
    }

    /** The splitmix64 finaliser. */
    public static long avalanche(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
