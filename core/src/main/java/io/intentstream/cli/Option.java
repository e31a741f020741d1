package io.intentstream.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/** One typed, documented command-line option with a default. */
public final class Option<T> {
    private final String name;
    private final T defaultValue;
    private final String description;
    private final Function<String, T> parser;
    private final String typeName;

    private Option(String name, T defaultValue, String description, Function<String, T> parser, String typeName) {
        this.name = Objects.requireNonNull(name);
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description);
        this.parser = parser;
        this.typeName = typeName;
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

    /** Durations like {@code 500ms}, {@code 10s}, {@code 5min}, {@code 24h}, {@code 7d}, or ISO-8601 {@code PT10S}. */
    public static Option<Duration> duration(String name, Duration defaultValue, String description) {
        return new Option<>(name, defaultValue, description, Option::parseDuration, "duration");
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

    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
        }
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a duration: " + s);
        }
        double amount = Double.parseDouble(t.substring(0, i));
        String unit = t.substring(i).trim();
        double millis;
        switch (unit) {
            case "ms":
                millis = amount;
                break;
            case "":
            case "s":
            case "sec":
                millis = amount * 1000;
                break;
            case "m":
            case "min":
                millis = amount * 60_000;
                break;
            case "h":
                millis = amount * 3_600_000;
                break;
            case "d":
                millis = amount * 86_400_000;
                break;
            default:
                throw new IllegalArgumentException("unknown duration unit '" + unit + "' in " + s);
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
