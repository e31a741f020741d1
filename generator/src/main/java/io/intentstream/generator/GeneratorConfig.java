package io.intentstream.generator;

import static io.intentstream.generator.GeneratorOptions.*;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import java.lang.reflect.RecordComponent;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything that determines the generated content. Two generators built from equal configurations
 * produce byte-identical output; where lines go (file, directory, stdout) is not part of it. Each part
 * validates itself; the defaults and descriptions are the options' ({@link GeneratorOptions}).
 */
public record GeneratorConfig(Population population, Behaviour behaviour, Faults faults, Drift drift, Layout layout) {

    public GeneratorConfig {
        Check.that(population != null && behaviour != null && faults != null && drift != null && layout != null,
                "every part of the configuration must be set");
    }

    /** The configuration with every option at its default. */
    public static GeneratorConfig defaults() {
        return from(GeneratorOptions.defaults());
    }

    /** The configuration the given option values describe; options not given take their defaults. */
    public static GeneratorConfig from(Options.Values v) {
        Duration span = v.isSet(DURATION) ? v.get(DURATION) : Duration.ofMillis(Math.round(v.get(DAYS) * 86_400_000));
        return new GeneratorConfig(
                new Population(v.get(SEED), v.get(USERS), v.get(START), span, v.get(MAX_EVENTS),
                        v.get(SESSIONS_PER_USER_PER_DAY), v.get(USER_ACTIVITY_SPREAD), zone(v.get(ZONE)),
                        v.get(SEASONALITY), v.get(CATALOG_SEED), v.get(PRODUCTS)),
                new Behaviour(v.get(MISSION_SHARE), v.get(MISSION_INTENT), v.get(BROWSE_INTENT),
                        v.get(USER_PROPENSITY_SPREAD), v.get(SESSION_INTENT_SPREAD), v.get(CART_PROPENSITY),
                        v.get(REMOVE_PROBABILITY), v.get(REPEAT_VIEW_PROBABILITY), v.get(CATEGORY_SWITCH_PROBABILITY),
                        v.get(VIEW_GAP_MEDIAN).toMillis() / 1000.0, v.get(MOBILE_SHARE)),
                new Faults(v.get(BOT_RATE), v.get(DUPLICATE_RATE), v.get(OUT_OF_ORDER_RATE), v.get(DISORDER_BOUND),
                        v.get(LATE_RATE), v.get(LATE_MAX_DELAY), v.get(MALFORMED_RATE), kinds(v.get(MALFORMED_KINDS))),
                new Drift(v.get(DRIFT_AT), v.get(DRIFT_INTENT_SHIFT), v.get(DRIFT_PRICE_FACTOR), v.get(DRIFT_MOBILE_SHARE)),
                new Layout(v.get(FORMAT), v.get(TIME_FORMAT)));
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("option --" + ZONE.name() + ": " + e.getMessage(), e);
        }
    }

    private static Set<MalformedKind> kinds(String list) {
        if (list.trim().equalsIgnoreCase("all")) {
            return EnumSet.allOf(MalformedKind.class);
        }
        Set<MalformedKind> kinds = EnumSet.noneOf(MalformedKind.class);
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                try {
                    kinds.add(MalformedKind.fromOptionName(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("option --" + MALFORMED_KINDS.name() + ": " + e.getMessage(), e);
                }
            }
        }
        return kinds;
    }

    /**
     * Every setting by its option name, in a stable order; written into the ground-truth header. Read
     * from the record components, which are named after their options, so a new parameter needs no line
     * here ({@code GeneratorOptionsTest} checks the names against the options).
     */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Record part : List.<Record>of(population, behaviour, faults, drift, layout)) {
            for (RecordComponent c : part.getClass().getRecordComponents()) {
                m.put(optionName(c.getName()), text(value(c, part)));
            }
        }
        return m;
    }

    private static Object value(RecordComponent c, Record part) {
        try {
            return c.getAccessor().invoke(part);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }

    /** {@code sessionsPerUserPerDay} -> {@code sessions-per-user-per-day}. */
    static String optionName(String component) {
        return component.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** A value as the header writes it: numbers as Java prints them, durations in ISO-8601, no drift as empty. */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Set<?> set) {
            return set.stream().map(GeneratorConfig::text).collect(Collectors.joining(","));
        }
        if (value instanceof MalformedKind kind) {
            return kind.optionName();
        }
        if (value instanceof OutputFormat format) {
            return format.optionName();
        }
        if (value instanceof TimeFormat) {
            return Option.render(value);
        }
        return value.toString();
    }
}
