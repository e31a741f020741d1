package io.intentstream.events;

import static io.intentstream.events.ParseResultInvariants.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.testing.Events;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Whatever arrives, the JSON parser returns either a valid event that satisfies every validation rule or a
 * rejection with a reason and detail; it never throws (issue 5: bad input never stops the job).
 */
class JsonEventParserPropertiesTest {
    private static final long NOW = Instant.parse("2019-10-01T12:00:00Z").toEpochMilli();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> FIELDS = List.of("event_id", "event_time", "event_type", "session_id", "user_id",
            "product_id", "category_id", "category_code", "brand", "price", "device_type", "channel");

    private final JsonEventParser parser = new JsonEventParser(ValidationRules.defaults());

    @Property(tries = 3_000)
    void arbitraryBytes(@ForAll @Size(max = 400) byte[] bytes) {
        assertWellFormed(parser.parse(bytes, NOW));
        assertWellFormed(parser.parse(new String(bytes, StandardCharsets.ISO_8859_1), NOW));
    }

    @Property(tries = 3_000)
    void arbitraryStrings(@ForAll String text) {
        assertWellFormed(parser.parse(text, NOW));
        assertWellFormed(parser.parse(text.getBytes(StandardCharsets.UTF_8), NOW));
    }

    @Property(tries = 5_000)
    void stringsOfJsonCharacters(@ForAll("jsonish") String text) {
        assertWellFormed(parser.parse(text, NOW));
    }

    @Property(tries = 1_000)
    void arbitraryJsonObjectsWithArbitraryFieldNames(@ForAll("anyObject") Map<String, Object> object) throws JsonProcessingException {
        String text = MAPPER.writeValueAsString(object);

        assertWellFormed(parser.parse(text, NOW));
        assertWellFormed(parser.parse(text.getBytes(StandardCharsets.UTF_8), NOW));
    }

    @Property(tries = 10_000)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void ourFieldNamesWithArbitraryTypedValues(@ForAll("contractObject") Map<String, Object> object) throws JsonProcessingException {
        String text = MAPPER.writeValueAsString(object);

        ParseResult r = parser.parse(text, NOW);

        assertWellFormed(r);
        Statistics.collect(r.isValid() ? "valid" : r.reason().code());
        // The generator must reach both sides, or "a valid event satisfies the rules" would be checked on nothing.
        Statistics.coverage(c -> {
            c.check("valid").percentage(p -> p > 10);
            for (String code : List.of("wrong_type", "missing_field", "invalid_event_time", "event_time_out_of_range",
                    "invalid_price", "unknown_event_type", "empty_identifier", "identifier_too_long")) {
                c.check(code).count(n -> n > 0);
            }
        });
    }

    @Property(tries = 3_000)
    void validRecordsWithBytesChanged(@ForAll("contractObject") Map<String, Object> object,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 10_000) Integer> positions,
            @ForAll byte replacement) throws JsonProcessingException {
        byte[] bytes = MAPPER.writeValueAsBytes(object);
        for (int p : positions) {
            bytes[p % bytes.length] = replacement;
        }

        assertWellFormed(parser.parse(bytes, NOW));
    }

    @Property(tries = 3_000)
    void aValidEventSurvivesTheContractRoundTrip(@ForAll("validEvents") ClickEvent event, @ForAll("timeForms") int timeForm,
            @ForAll boolean sendEventId) throws JsonProcessingException {
        Map<String, Object> record = new LinkedHashMap<>();
        if (sendEventId) {
            record.put("event_id", event.eventId);
        }
        record.put("event_time", timeText(event.eventTime, timeForm));
        record.put("event_type", event.eventType.wireName());
        record.put("session_id", event.sessionId);
        record.put("user_id", event.userId);
        record.put("product_id", event.productId);
        record.put("category_id", event.categoryId);
        record.put("category_code", event.categoryCode);
        record.put("brand", event.brand);
        record.put("price", Double.isNaN(event.price) ? null : event.price);
        record.put("device_type", event.deviceType);
        record.put("channel", event.channel);

        ParseResult r = parser.parse(MAPPER.writeValueAsString(record), NOW);

        assertWellFormed(r);
        assertThat(r.isValid()).as("%s", r).isTrue();
        ClickEvent expected = Events.copy(event);
        expected.eventId = sendEventId ? event.eventId : EventIds.derive(event);
        assertThat(r.event()).isEqualTo(expected);
    }

    private static Object timeText(long millis, int form) {
        Instant t = Instant.ofEpochMilli(millis);
        switch (form) {
            case 0:
                return millis;
            case 1:
                return Long.toString(millis);
            case 2:
                return t.toString();
            default:
                // An offset in whole minutes within +/-18:00, written with its local time.
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(60 * ((form * 7919) % (18 * 60 * 2 + 1) - 18 * 60));
                return t.atOffset(offset).toString();
        }
    }

    @Provide
    Arbitrary<Integer> timeForms() {
        return Arbitraries.integers().between(0, 500);
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsn _\\").ofMaxLength(60)
                .map(s -> "{" + s);
    }

    @Provide
    Arbitrary<Map<String, Object>> anyObject() {
        return Arbitraries.maps(Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12), Arbitraries.of(FIELDS)), jsonValue(2))
                .ofMaxSize(14);
    }

    /** Objects over our field names, each absent, well typed and plausible, or any JSON value. */
    @Provide
    Arbitrary<Map<String, Object>> contractObject() {
        Map<String, Arbitrary<Object>> plausible = Map.ofEntries(
                Map.entry("event_id", identifier()),
                Map.entry("event_time", eventTime()),
                Map.entry("event_type", Arbitraries.frequencyOf(
                        Tuple.of(90, Arbitraries.of("view", "cart", "remove_from_cart", "purchase").map(o -> (Object) o)),
                        Tuple.of(10, Arbitraries.of("click", "VIEW", "", "addtocart").map(o -> (Object) o)))),
                Map.entry("session_id", identifier()),
                Map.entry("user_id", identifier()),
                Map.entry("product_id", identifier()),
                Map.entry("category_id", identifier()),
                Map.entry("category_code", descriptor()),
                Map.entry("brand", descriptor()),
                Map.entry("price", price()),
                Map.entry("device_type", descriptor()),
                Map.entry("channel", descriptor()));
        Arbitrary<Object> any = jsonValue(2);
        Arbitrary<Map<String, Object>> object = Arbitraries.just(new LinkedHashMap<>());
        for (String field : FIELDS) {
            boolean required = List.of("event_time", "event_type", "session_id", "user_id").contains(field);
            Arbitrary<Object> value = Arbitraries.frequencyOf(
                    Tuple.of(required ? 1 : 30, Arbitraries.just(Absent.INSTANCE)),
                    Tuple.of(100, plausible.get(field)),
                    Tuple.of(1, any));
            object = Combinators.combine(object, value).as((m, v) -> {
                Map<String, Object> copy = new LinkedHashMap<>(m);
                if (v != Absent.INSTANCE) {
                    copy.put(field, v);
                }
                return copy;
            });
        }
        return object;
    }

    @Provide
    Arbitrary<ClickEvent> validEvents() {
        Arbitrary<String> id = Arbitraries.strings().withCharRange('!', '~').withChars("éü€ ").ofMinLength(1).ofMaxLength(256);
        Arbitrary<String> optionalId = id.injectNull(0.3);
        Arbitrary<String> optionalText = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c))).injectNull(0.3);
        Arbitrary<Long> time = Arbitraries.longs().between(
                Instant.parse("2000-01-01T00:00:00Z").toEpochMilli(), Instant.parse("2100-01-01T00:00:00Z").toEpochMilli() - 1);
        Arbitrary<Double> price = Arbitraries.oneOf(Arbitraries.just(Double.NaN), Arbitraries.just(0.0),
                Arbitraries.doubles().between(0, 1e9), Arbitraries.integers().between(0, 100_000).map(c -> c / 100.0));
        Arbitrary<EventType> type = Arbitraries.of(EventType.class);
        return Combinators.combine(List.of(id.map(o -> (Object) o), time.map(o -> (Object) o), type.map(o -> (Object) o),
                        id.map(o -> (Object) o), id.map(o -> (Object) o), optionalId.map(o -> (Object) o),
                        optionalId.map(o -> (Object) o), optionalText.map(o -> (Object) o), optionalText.map(o -> (Object) o),
                        price.map(o -> (Object) o), optionalText.map(o -> (Object) o), optionalText.map(o -> (Object) o)))
                .as(v -> {
                    ClickEvent e = new ClickEvent();
                    e.eventId = (String) v.get(0);
                    e.eventTime = (Long) v.get(1);
                    e.eventType = (EventType) v.get(2);
                    e.sessionId = (String) v.get(3);
                    e.userId = (String) v.get(4);
                    e.productId = (String) v.get(5);
                    e.categoryId = (String) v.get(6);
                    e.categoryCode = (String) v.get(7);
                    e.brand = (String) v.get(8);
                    e.price = (Double) v.get(9);
                    e.deviceType = (String) v.get(10);
                    e.channel = (String) v.get(11);
                    return e;
                });
    }

    private static Arbitrary<Object> identifier() {
        return Arbitraries.frequencyOf(
                Tuple.of(80, Arbitraries.strings().alpha().numeric().withChars("-_:").ofMinLength(1).ofMaxLength(40)),
                Tuple.of(10, Arbitraries.longs().map(o -> (Object) o)),
                Tuple.of(3, Arbitraries.bigIntegers().between(BigInteger.TEN.pow(18), BigInteger.TEN.pow(25)).map(o -> (Object) o)),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(250).ofMaxLength(300)));
    }

    private static Arbitrary<Object> eventTime() {
        long min = Instant.parse("1995-01-01T00:00:00Z").toEpochMilli();
        long max = Instant.parse("2105-01-01T00:00:00Z").toEpochMilli();
        // Uniform: jqwik's default bias towards the bounds would make most times out of range.
        Arbitrary<Long> millis = Arbitraries.longs().between(min, max).withDistribution(RandomDistribution.uniform());
        return Arbitraries.frequencyOf(
                Tuple.of(30, millis.map(m -> (Object) m)),
                Tuple.of(20, millis.map(m -> (Object) Long.toString(m))),
                Tuple.of(30, millis.map(m -> (Object) Instant.ofEpochMilli(m).toString())),
                Tuple.of(3, Arbitraries.of("2019-02-30T00:00:00Z", "2019-10-01 00:00:00 UTC", "yesterday", "")
                        .map(o -> (Object) o)),
                Tuple.of(2, Arbitraries.longs().map(o -> (Object) o)));
    }

    private static Arbitrary<Object> descriptor() {
        return Arbitraries.strings().ofMaxLength(30).map(o -> (Object) o);
    }

    private static Arbitrary<Object> price() {
        return Arbitraries.frequencyOf(
                Tuple.of(60, Arbitraries.doubles().between(0, 10_000).map(o -> (Object) o)),
                Tuple.of(10, Arbitraries.integers().between(-100, 100_000).map(o -> (Object) o)),
                Tuple.of(2, Arbitraries.doubles().map(o -> (Object) o)),
                Tuple.of(2, Arbitraries.of("12.50", "free").map(o -> (Object) o)));
    }

    /** Any JSON value up to {@code depth} levels of nesting. */
    private static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(o -> (Object) o),
                Arbitraries.integers().map(o -> (Object) o),
                Arbitraries.longs().map(o -> (Object) o),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(19).negate(), BigInteger.TEN.pow(40)).map(o -> (Object) o),
                Arbitraries.doubles().map(o -> (Object) o),
                Arbitraries.strings().ofMaxLength(30).map(o -> (Object) o),
                Arbitraries.of("view", "cart", "purchase", "2019-10-01T00:00:00Z", "1569888000000", "").map(o -> (Object) o));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> child = jsonValue(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalar),
                Tuple.of(1, child.list().ofMaxSize(4).map(o -> (Object) o)),
                Tuple.of(1, Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), child).ofMaxSize(4).map(o -> (Object) o)));
    }

    /** Marks a field left out of a generated object (null would mean JSON null). */
    private enum Absent {
        INSTANCE
    }
}
