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
     * {@code Instant.toString} took a few percent of the scoring thread (docs/BENCHMARKS.md). The date part is
     * cached per day ({@link #DATES}), the time is written from a table of two-digit pairs: the integer divisions
     * of a digit-by-digit version were 2.7% of the job's CPU samples. Years outside 0..9999 take Instant's
     * own path.
     */
    public static void appendUtc(long epochMillis, StringBuilder out) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        int millisOfDay = (int) Math.floorMod(epochMillis, 86_400_000L);
        int slot = (int) (days & (DATES.length - 1));
        DatePrefix date = DATES[slot];
        if (date == null || date.day != days) {
            String text = dateText(days);
            if (text == null) {
                out.append(Instant.ofEpochMilli(epochMillis));
                return;
            }
            date = new DatePrefix(days, text);
            DATES[slot] = date;
        }
        out.append(date.text);
        int secondOfDay = millisOfDay / 1000;
        int minuteOfDay = secondOfDay / 60;
        pair(out, minuteOfDay / 60).append(':');
        pair(out, minuteOfDay % 60).append(':');
        pair(out, secondOfDay % 60);
        int millis = millisOfDay % 1000;
        if (millis != 0) {
            out.append('.').append((char) ('0' + millis / 100));
            pair(out, millis % 100);
        }
        out.append('Z');
    }

    /**
     * Recent dates as {@code yyyy-MM-ddT}, by day modulo the length. An entry is immutable and replaced whole, so
     * threads that share the array see either an old entry (its day does not match) or a complete new one.
     */
    private static final DatePrefix[] DATES = new DatePrefix[16];
    private static final char[] PAIRS = new char[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (char) ('0' + i / 10);
            PAIRS[2 * i + 1] = (char) ('0' + i % 10);
        }
    }

    private static final class DatePrefix {
        final long day;
        final String text;

        DatePrefix(long day, String text) {
            this.day = day;
            this.text = text;
        }
    }

    /** {@code yyyy-MM-ddT} of a day since the epoch, or null for a year outside 0..9999. */
    private static String dateText(long days) {
        // Howard Hinnant's civil_from_days, the inverse of epochDay above.
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
            return null;
        }
        StringBuilder sb = new StringBuilder(11);
        pair(sb, (int) year / 100);
        pair(sb, (int) year % 100).append('-');
        pair(sb, month).append('-');
        return pair(sb, day).append('T').toString();
    }

    /** Appends {@code value} (0..99) as two digits. */
    private static StringBuilder pair(StringBuilder out, int value) {
        return out.append(PAIRS, 2 * value, 2);
    }
}
