package io.intentstream.generator;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small typed command-line parser: every option has a value name, a default and a description,
 * and {@code --help} prints them all, so the help text cannot drift from what is parsed.
 */
final class CliOptions {
    /** Applies one option value; throws IllegalArgumentException with a readable message on bad input. */
    @FunctionalInterface
    interface Handler {
        void apply(String value);
    }

    private static final class Option {
        final String name;
        final String valueName;
        final String defaultText;
        final String description;
        final Handler handler;

        Option(String name, String valueName, String defaultText, String description, Handler handler) {
            this.name = name;
            this.valueName = valueName;
            this.defaultText = defaultText;
            this.description = description;
            this.handler = handler;
        }
    }

    private final String usage;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final List<Object> layout = new ArrayList<>();

    CliOptions(String usage) {
        this.usage = usage;
        flag("help", "print this help and exit", () -> { });
    }

    CliOptions section(String title) {
        layout.add(title);
        return this;
    }

    CliOptions option(String name, String valueName, Object defaultValue, String description, Handler handler) {
        String defaultText = defaultValue == null ? ""
                : defaultValue instanceof Double
                        ? java.math.BigDecimal.valueOf((Double) defaultValue).stripTrailingZeros().toPlainString()
                        : String.valueOf(defaultValue);
        Option o = new Option(name, valueName, defaultText, description, handler);
        Option previous = options.put(name, o);
        if (previous != null) {
            // A command may redefine a shared option (say, a different default); it keeps its place.
            layout.set(layout.indexOf(previous), o);
        } else {
            layout.add(o);
        }
        return this;
    }

    /** Drops a shared option a command does not support. */
    CliOptions remove(String name) {
        Option o = options.remove(name);
        if (o != null) {
            layout.remove(o);
        }
        return this;
    }

    CliOptions flag(String name, String description, Runnable action) {
        Option o = new Option(name, null, "off", description, v -> action.run());
        options.put(name, o);
        layout.add(o);
        return this;
    }

    /** Returns false when {@code --help} was given (help already printed). */
    boolean parse(String[] args, PrintStream helpOut) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                printHelp(helpOut);
                return false;
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options start with --; see --help)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = options.get(name);
            if (o == null) {
                throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
            }
            if (o.valueName == null) {
                if (value != null) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value: " + o.valueName);
                }
                value = args[++i];
            }
            try {
                o.handler.apply(value);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IllegalArgumentException("--" + name + " " + value + ": " + e.getMessage(), e);
            }
        }
        return true;
    }

    void printHelp(PrintStream out) {
        out.println(usage);
        for (int i = 0; i < layout.size(); i++) {
            Object item = layout.get(i);
            if (item instanceof String) {
                // A section whose options were all removed is not printed.
                if (i + 1 < layout.size() && layout.get(i + 1) instanceof Option) {
                    out.println();
                    out.println(item + ":");
                }
                continue;
            }
            Option o = (Option) item;
            String head = "  --" + o.name + (o.valueName == null ? "" : " " + o.valueName);
            String def = o.defaultText.isEmpty() ? "" : "  [default: " + o.defaultText + "]";
            out.println(head);
            out.println("        " + o.description + def);
        }
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    /** Parses {@code 500ms}, {@code 90s}, {@code 2h50m}, {@code 7d}, {@code 1.5d} or ISO-8601 {@code PT2H50M}. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        Matcher m = DURATION_PART.matcher(t);
        int pos = 0;
        double millis = 0;
        while (m.find() && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    millis += v;
                    break;
                case "s":
                    millis += v * 1_000;
                    break;
                case "m":
                    millis += v * 60_000;
                    break;
                case "h":
                    millis += v * 3_600_000;
                    break;
                default:
                    millis += v * 86_400_000;
            }
            pos = m.end();
        }
        if (pos != t.length() || pos == 0) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 500ms, 90s, 2h50m, 7d, PT2H)");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** Parses {@code 1048576}, {@code 64KB}, {@code 256MB}, {@code 2GB} (binary multiples). */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("KB") || t.endsWith("K")) {
            unit = 1L << 10;
        } else if (t.endsWith("MB") || t.endsWith("M")) {
            unit = 1L << 20;
        } else if (t.endsWith("GB") || t.endsWith("G")) {
            unit = 1L << 30;
        }
        String digits = t.replaceAll("[KMGB]+$", "");
        try {
            long v = Long.parseLong(digits);
            if (v < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 1048576, 64KB, 256MB, 2GB)");
        }
    }

    /** Parses an ISO instant ({@code 2019-10-01T00:00:00Z}) or a date ({@code 2019-10-01}, midnight UTC). */
    static Instant parseInstant(String text) {
        String t = text.trim();
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return java.time.OffsetDateTime.parse(t).toInstant();
    }

    static double parseDouble(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + text + "'");
        }
    }

    static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: '" + text + "'");
        }
    }

    static int parseInt(String text) {
        long v = parseLong(text);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("out of range: " + text);
        }
        return (int) v;
    }

    /** A duration printed the way the options accept it, for defaults in the help. */
    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }
}
