package io.intentstream.generator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable ASCII line buffer with hand-written number and time formatting.
 *
 * <p>Every generated line is plain ASCII, so building it as bytes skips both String allocation and
 * charset encoding; this is what lets one core write hundreds of thousands of events per second.
 */
final class ByteLine {
    private static final long DAY = 86_400_000L;

    byte[] buf = new byte[512];
    int len;
    private long cachedDay = Long.MIN_VALUE;
    private final byte[] cachedDate = new byte[10];

    void reset() {
        len = 0;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    ByteLine append(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    ByteLine append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    ByteLine append(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    ByteLine append(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return append("-9223372036854775808");
            }
            append('-');
            v = -v;
        }
        ensure(20);
        int digits = digits(v);
        int pos = len + digits;
        // Two digits per division: formatting numbers is the single biggest cost per line.
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            buf[--pos] = (byte) ('0' + r % 10);
            buf[--pos] = (byte) ('0' + r / 10);
            v = q;
        }
        if (v >= 10) {
            buf[--pos] = (byte) ('0' + v % 10);
            buf[--pos] = (byte) ('0' + v / 10);
        } else {
            buf[--pos] = (byte) ('0' + v);
        }
        len += digits;
        return this;
    }

    private static final long[] POWERS = {
        10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L
    };

    private static int digits(long v) {
        int d = 1;
        while (d <= POWERS.length && v >= POWERS[d - 1]) {
            d++;
        }
        return d;
    }

    /** Writes {@code v} with at least {@code width} digits, zero-padded. */
    ByteLine appendPadded(long v, int width) {
        ensure(Math.max(width, 20));
        for (int i = digits(v); i < width; i++) {
            buf[len++] = '0';
        }
        return append(v);
    }

    /** Two digits, for clock fields already known to be below 100. */
    private void append2(int v) {
        ensure(2);
        buf[len++] = (byte) ('0' + v / 10);
        buf[len++] = (byte) ('0' + v % 10);
    }

    /** Writes hex digits, at least {@code minDigits}. */
    ByteLine appendHex(long v, int minDigits) {
        int digits = Math.max(minDigits, (64 - Long.numberOfLeadingZeros(v) + 3) / 4);
        ensure(digits);
        for (int i = len + digits - 1; i >= len; i--) {
            int d = (int) (v & 0xF);
            buf[i] = (byte) (d < 10 ? '0' + d : 'a' + d - 10);
            v >>>= 4;
        }
        len += digits;
        return this;
    }

    /** A price in cents as a decimal with two places, e.g. {@code 35.79}. */
    ByteLine appendCents(long cents) {
        if (cents < 0) {
            append('-');
            cents = -cents;
        }
        append(cents / 100);
        append('.');
        append2((int) (cents % 100));
        return this;
    }

    /** {@code 2019-10-01T00:00:00.000Z}. */
    ByteLine appendIsoTime(long epochMillis) {
        appendDate(epochMillis);
        append('T');
        appendClock(epochMillis);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        ensure(5);
        buf[len++] = '.';
        buf[len++] = (byte) ('0' + millis / 100);
        append2(millis % 100);
        buf[len++] = 'Z';
        return this;
    }

    /** REES46's {@code 2019-10-01 00:00:00 UTC} (whole seconds, as in the original files). */
    ByteLine appendRees46Time(long epochMillis) {
        appendDate(epochMillis);
        append(' ');
        appendClock(epochMillis);
        return append(" UTC");
    }

    private void appendClock(long epochMillis) {
        int secondOfDay = (int) (Math.floorMod(epochMillis, DAY) / 1000);
        append2(secondOfDay / 3600);
        append(':');
        append2(secondOfDay / 60 % 60);
        append(':');
        append2(secondOfDay % 60);
    }

    private void appendDate(long epochMillis) {
        long day = Math.floorDiv(epochMillis, DAY);
        if (day != cachedDay) {
            cachedDay = day;
            byte[] text = java.time.LocalDate.ofEpochDay(day).toString().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, cachedDate, 0, 10);
        }
        ensure(10);
        System.arraycopy(cachedDate, 0, buf, len, 10);
        len += 10;
    }

    /** Copies another line's content into this one. */
    void copyFrom(ByteLine other) {
        len = 0;
        ensure(other.len);
        System.arraycopy(other.buf, 0, buf, 0, other.len);
        len = other.len;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    int indexOf(byte b, int from) {
        for (int i = from; i < len; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.US_ASCII);
    }
}
