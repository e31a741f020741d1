package io.intentstream.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parsing and formatting of event times without per-call allocation on the common forms.
 *
 * <p>The common shapes ({@code 2019-10-01T00:00:00Z}, optional fraction, {@code +02:00} offsets,
 * REES46's {@code 2019-10-01 00:00:00 UTC}) are parsed by hand; anything else goes through
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} so the accepted language is exactly ISO-8601 with offset.
 */
public final class Timestamps {
    /** Returned when text is not a valid timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private Timestamps() {}

    /** Parses ISO-8601 with a mandatory offset; returns {@link #INVALID} otherwise. */
    public static long parseIsoOffset(String s) {
        long fast = parseFast(s, false);
        if (fast != INVALID) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return INVALID;
        }
    }

    /** Parses REES46's {@code yyyy-MM-dd HH:mm:ss UTC}; returns {@link #INVALID} otherwise. */
    public static long parseRees46(String s) {
        return parseFast(s, true);
    }

    private static long parseFast(String s, boolean rees46) {
        int n = s.length();
        if (n < 20) {
            return INVALID;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        char sep = s.charAt(10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return INVALID;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        if (rees46) {
            return sep == ' ' && n == 23 && s.startsWith(" UTC", 19) ? epochSecond * 1000L : INVALID;
        }
        if (sep != 'T') {
            return INVALID;
        }
        int i = 19;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            // ASCII only: Character.isDigit also accepts e.g. Arabic-Indic digits, which java.time rejects
            // and which would be read here as garbage values.
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 9) {
                return INVALID;
            }
            for (int k = 0; k < 3; k++) {
                millis = millis * 10 + (k < len ? s.charAt(start + k) - '0' : 0);
            }
        }
        if (i == n - 1 && s.charAt(i) == 'Z') {
            return epochSecond * 1000L + millis;
        }
        if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            // ZoneOffset's limit is +/-18:00, so +18:30 is invalid although both parts are in range.
            if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
                return INVALID;
            }
            int offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '+' ? 1 : -1);
            return (epochSecond - offsetSeconds) * 1000L + millis;
        }
        return INVALID;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean leap(int y) {
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    }

    private static int daysInMonth(int y, int m) {
        switch (m) {
            case 2:
                return leap(y) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /**
     * Formats epoch milliseconds as {@link Instant#toString} does ({@code 2019-10-01T00:00:00Z},
     * {@code 2019-10-01T00:00:00.250Z}).
     */
    public static String formatUtc(long epochMillis) {
        StringBuilder sb = new StringBuilder(24);
        appendUtc(epochMillis, sb);
        return sb.toString();
    }

    /**
     * Appends what {@link #formatUtc} returns. Written out because every score record carries two times and
     * {@code Instant.toString} took a few percent of the scoring thread (docs/BENCHMARKS.md); years outside
     * 0..9999 take Instant's own path.
     */
    public static void appendUtc(long epochMillis, StringBuilder out) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        int millisOfDay = (int) Math.floorMod(epochMillis, 86_400_000L);
        // Howard Hinnant's civil_from_days, the inverse of epochDay below.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            out.append(Instant.ofEpochMilli(epochMillis));
            return;
        }
        digits(out, (int) year, 4).append('-');
        digits(out, month, 2).append('-');
        digits(out, day, 2).append('T');
        digits(out, millisOfDay / 3_600_000, 2).append(':');
        digits(out, millisOfDay / 60_000 % 60, 2).append(':');
        digits(out, millisOfDay / 1000 % 60, 2);
        if (millisOfDay % 1000 != 0) {
            digits(out.append('.'), millisOfDay % 1000, 3);
        }
        out.append('Z');
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        for (int div = width == 4 ? 1000 : width == 3 ? 100 : 10; div > 0; div /= 10) {
            out.append((char) ('0' + value / div % 10));
        }
        return out;
    }
}
