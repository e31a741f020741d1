package io.intentstream.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One typed, documented command-line option with a default. */
public final class Option<T> {
    private final String name;
    private final T defaultValue;
    private final String description;
    private final Function<String, T> parser;
    private final String typeName;
    private final Function<T, String> renderer;

    private Option(String name, T defaultValue, String description, Function<String, T> parser, String typeName) {
        this(name, defaultValue, description, parser, typeName, Option::render);
    }

    private Option(String name, T defaultValue, String description, Function<String, T> parser, String typeName,
            Function<T, String> renderer) {
        this.name = Objects.requireNonNull(name);
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description);
        this.parser = parser;
        this.typeName = typeName;
        this.renderer = renderer;
    }

    public static Option<String> string(String name, String defaultValue, String description) {
        return new Option<>(name, defaultValue, description, s -> s, "text");
    }

    public static Option<Integer> integer(String name, Integer defaultValue, String description) {
        return new Option<>(name, defaultValue, description, Integer::parseInt, "integer");
    }

    public static Option<Long> longValue(String name, Long defaultValue, String description) {
        return new Option<>(name, defaultValue, description, Long::parseLong, "integer");
    }

    public static Option<Double> decimal(String name, Double defaultValue, String description) {
        return new Option<>(name, defaultValue, description, Double::parseDouble, "number");
    }

    public static Option<Boolean> bool(String name, Boolean defaultValue, String description) {
        return new Option<>(name, defaultValue, description, Option::parseBoolean, "true|false");
    }

    /**
     * Durations like {@code 500ms}, {@code 10s}, {@code 5min}, {@code 24h}, {@code 7d}, sums such as
     * {@code 2h50m}, or ISO-8601 {@code PT10S}.
     */
    public static Option<Duration> duration(String name, Duration defaultValue, String description) {
        return new Option<>(name, defaultValue, description, Option::parseDuration, "duration");
    }

    /** An ISO-8601 instant ({@code 2019-10-01T00:00:00Z}, any offset) or a date ({@code 2019-10-01}, midnight UTC). */
    public static Option<Instant> instant(String name, Instant defaultValue, String description) {
        return new Option<>(name, defaultValue, description, Option::parseInstant, "instant");
    }

    /** A size in bytes, written {@code 1048576}, {@code 64KB}, {@code 256MB} or {@code 2GB} (binary multiples). */
    public static Option<Long> size(String name, Long defaultValue, String description) {
        return new Option<>(name, defaultValue, description, Option::parseSize, "size", Option::renderSize);
    }

    public static <E extends Enum<E>> Option<E> choice(String name, E defaultValue, Class<E> type, String description) {
        StringBuilder names = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : "|").append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return new Option<>(name, defaultValue, description,
                s -> Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_')), names.toString());
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String typeName() {
        return typeName;
    }

    /** The default as it would be written on the command line (for help and docs). */
    public String defaultText() {
        return defaultValue == null ? render(null) : renderer.apply(defaultValue);
    }

    T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("option --" + name + ": cannot read '" + text + "' as " + typeName, e);
        }
    }

    /** Renders a value the way it would be written on the command line. */
    public static String render(Object value) {
        if (value == null) {
            return "(none)";
        }
        if (value instanceof Duration) {
            Duration d = (Duration) value;
            long ms = d.toMillis();
            if (ms % 86_400_000L == 0 && ms > 0) {
                return ms / 86_400_000L + "d";
            }
            if (ms % 3_600_000L == 0 && ms > 0) {
                return ms / 3_600_000L + "h";
            }
            if (ms % 60_000L == 0 && ms > 0) {
                return ms / 60_000L + "min";
            }
            if (ms % 1000L == 0) {
                return ms / 1000L + "s";
            }
            return ms + "ms";
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return value.toString();
    }

    private static Boolean parseBoolean(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "1":
                return true;
            case "false":
            case "no":
            case "0":
                return false;
            default:
                throw new IllegalArgumentException("not a boolean: " + s);
        }
    }

    /** One amount with its unit; the unit may be left out only when the amount stands alone (seconds). */
    private static final Pattern DURATION_PART = Pattern.compile("([0-9.]+)\\s*(ms|min|sec|s|m|h|d)?\\s*");

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
        }
        Matcher m = DURATION_PART.matcher(t);
        double millis = 0;
        int pos = 0;
        int parts = 0;
        while (pos < t.length() && m.find(pos) && m.start() == pos) {
            String unit = m.group(2);
            if (unit == null && (parts > 0 || m.end() < t.length())) {
                break;
            }
            millis += Double.parseDouble(m.group(1)) * unitMillis(unit == null ? "s" : unit);
            pos = m.end();
            parts++;
        }
        if (parts == 0 || pos != t.length()) {
            throw new IllegalArgumentException("not a duration: " + s + " (e.g. 500ms, 10s, 5min, 2h50m, 7d, PT10S)");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    private static double unitMillis(String unit) {
        switch (unit) {
            case "ms":
                return 1;
            case "s":
            case "sec":
                return 1000;
            case "m":
            case "min":
                return 60_000;
            case "h":
                return 3_600_000;
            default:
                return 86_400_000;
        }
    }

    static Instant parseInstant(String s) {
        String t = s.trim();
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(t).toInstant();
    }

    private static final long[] SIZE_UNITS = {1L << 30, 1L << 20, 1L << 10};
    private static final String[] SIZE_NAMES = {"GB", "MB", "KB"};

    static Long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (int i = 0; i < SIZE_UNITS.length; i++) {
            if (t.endsWith(SIZE_NAMES[i]) || t.endsWith(SIZE_NAMES[i].substring(0, 1))) {
                unit = SIZE_UNITS[i];
            }
        }
        long amount = Long.parseLong(t.replaceAll("[KMGB]+$", ""));
        if (amount < 0) {
            throw new IllegalArgumentException("a size must not be negative: " + s);
        }
        return Math.multiplyExact(amount, unit);
    }

    private static String renderSize(Long bytes) {
        for (int i = 0; i < SIZE_UNITS.length; i++) {
            if (bytes != 0 && bytes % SIZE_UNITS[i] == 0) {
                return bytes / SIZE_UNITS[i] + SIZE_NAMES[i];
            }
        }
        return bytes.toString();
    }
}
