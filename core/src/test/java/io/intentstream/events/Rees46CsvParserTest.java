package io.intentstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.testing.SampleData;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REES46 CSV layout, on its real first lines and on the whole extract. */
class Rees46CsvParserTest {
    private static final long NOW = Instant.parse("2019-10-01T12:00:00Z").toEpochMilli();
    /** The first data lines of the REES46 extract, verbatim. */
    private static final String LINE_1 =
            "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c";
    private static final String LINE_3 =
            "2019-10-01 00:00:01 UTC,view,17200506,2053013559792632471,furniture.living_room.sofa,,543.10,519107250,566511c2-e2e3-422b-b695-cf8e6e792ca8";
    /** A zero-priced row with neither category code nor brand (line 2,261 of the extract). */
    private static final String FREE =
            "2019-10-01 02:21:36 UTC,view,53000001,2146660886926852416,,,0.00,512450748,03267357-d0e5-4831-acee-6554cba7c0b1";
    private static final String VALID_TAIL = ",44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde";

    private final Rees46CsvParser parser = new Rees46CsvParser(ValidationRules.defaults());

    @Test
    void readsTheFirstLineOfTheExtract() {
        ClickEvent e = valid(LINE_1);

        assertThat(e.eventTime).isEqualTo(Instant.parse("2019-10-01T00:00:00Z").toEpochMilli());
        assertThat(e.eventType).isEqualTo(EventType.VIEW);
        assertThat(e.productId).isEqualTo("44600062");
        assertThat(e.categoryId).as("19 digits kept exactly").isEqualTo("2103807459595387724");
        assertThat(e.categoryCode).as("empty cell").isNull();
        assertThat(e.brand).isEqualTo("shiseido");
        assertThat(e.price).isEqualTo(35.79);
        assertThat(e.userId).isEqualTo("541312140");
        assertThat(e.sessionId).isEqualTo("72d76fde-8bb3-4e00-8c23-a032dfed738c");
        assertThat(e.deviceType).isNull();
        assertThat(e.channel).isNull();
        assertThat(e.eventId).isEqualTo(EventIds.derive(e)).matches("[0-9a-f]{32}");
    }

    @Test
    void emptyCellsAreAbsentValuesAndZeroPricesAreKept() {
        ClickEvent noBrand = valid(LINE_3);
        ClickEvent free = valid(FREE);

        assertThat(noBrand.brand).isNull();
        assertThat(noBrand.categoryCode).isEqualTo("furniture.living_room.sofa");
        assertThat(noBrand.price).isEqualTo(543.10);
        assertThat(free.categoryCode).isNull();
        assertThat(free.brand).isNull();
        assertThat(free.price).isZero();
    }

    @Test
    void anEmptyPriceIsAbsent() {
        assertThat(valid("2019-10-01 00:00:00 UTC,view,1,2,,b,,3,s").price).isNaN();
    }

    @Test
    void allFourEventTypesAreKnown() {
        for (EventType type : EventType.values()) {
            assertThat(valid("2019-10-01 00:00:00 UTC," + type.wireName() + VALID_TAIL).eventType).isEqualTo(type);
        }
    }

    @Test
    void quotedCellsMayHoldCommasAndQuotes() {
        ClickEvent e = valid("\"2019-10-01 00:00:00 UTC\",view,1,2,\"a,b\",\"say \"\"hi\"\"\",1.5,3,s");

        assertThat(e.categoryCode).isEqualTo("a,b");
        assertThat(e.brand).isEqualTo("say \"hi\"");
    }

    @Test
    void recognisesTheHeader() {
        assertThat(Rees46CsvParser.isHeader(Rees46CsvParser.HEADER)).isTrue();
        assertThat(Rees46CsvParser.isHeader(LINE_1)).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "2019-10-01 00:00:00 UTC,view,1,2,,b,1.0,3                      | INVALID_CSV             | expected 9 columns, found 8",
        "2019-10-01 00:00:00 UTC,view,1,2,,b,1.0,3,s,extra              | INVALID_CSV             | expected 9 columns, found 10",
        "2019-10-01 00:00:00 UTC,view,1,2,\"unclosed,b,1.0,3,s          | INVALID_CSV             | unbalanced quotes",
        "2019-10-01T00:00:00Z,view,1,2,,b,1.0,3,s                       | INVALID_EVENT_TIME      | 2019-10-01T00:00:00Z",
        "2019-02-30 00:00:00 UTC,view,1,2,,b,1.0,3,s                    | INVALID_EVENT_TIME      | 2019-02-30 00:00:00 UTC",
        "1999-12-31 23:59:59 UTC,view,1,2,,b,1.0,3,s                    | EVENT_TIME_OUT_OF_RANGE | event_time 946684799000",
        "2019-10-01 00:00:00 UTC,,1,2,,b,1.0,3,s                        | MISSING_FIELD           | event_type",
        "2019-10-01 00:00:00 UTC,addtocart,1,2,,b,1.0,3,s               | UNKNOWN_EVENT_TYPE      | addtocart",
        "2019-10-01 00:00:00 UTC,view,1,2,,b,abc,3,s                    | INVALID_PRICE           | abc",
        "2019-10-01 00:00:00 UTC,view,1,2,,b,NaN,3,s                    | INVALID_PRICE           | NaN",
        "2019-10-01 00:00:00 UTC,view,1,2,,b,-1.00,3,s                  | INVALID_PRICE           | price -1.0",
        "2019-10-01 00:00:00 UTC,view,1,2,,b,Infinity,3,s               | INVALID_PRICE           | price Infinity",
        "2019-10-01 00:00:00 UTC,view,1,2,,b,1.0,,s                     | MISSING_FIELD           | user_id",
        "2019-10-01 00:00:00 UTC,view,1,2,,b,1.0,3,                     | MISSING_FIELD           | session_id",
    })
    void rejects(String line, RejectReason reason, String detail) {
        ParseResult r = parser.parse(line, NOW);

        assertThat(r.isValid()).as("%s", r).isFalse();
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.detail()).isEqualTo(detail);
    }

    @Test
    void rejectsTooLongRecordsAndIdentifiers() {
        Rees46CsvParser small = new Rees46CsvParser(ValidationRules.defaults().withMaxRecordBytes(100));
        String longSession = "2019-10-01 00:00:00 UTC,view,1,2,,b,1.0,3," + "s".repeat(257);

        assertThat(small.parse(LINE_1, NOW).reason()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
        assertThat(small.parse(LINE_1, NOW).detail()).isEqualTo(LINE_1.length() + " characters");
        assertThat(parser.parse(longSession, NOW).reason()).isEqualTo(RejectReason.IDENTIFIER_TOO_LONG);
        assertThat(parser.parse(longSession, NOW).detail()).isEqualTo("session_id has 257 characters");
        assertThat(parser.parse(null, NOW).reason()).isEqualTo(RejectReason.INVALID_CSV);
    }

    @Test
    void eventTypeAliasesApplyToCsvToo() {
        Rees46CsvParser aliased = new Rees46CsvParser(ValidationRules.defaults().withAliases(Map.of("addtocart", EventType.CART)));

        assertThat(aliased.parse("2019-10-01 00:00:00 UTC,addtocart" + VALID_TAIL, NOW).event().eventType).isEqualTo(EventType.CART);
    }

    /**
     * The whole extract. Expected numbers were counted independently with zcat/awk/sort: 17,434 data rows, all
     * with 9 fields, a valid time, non-empty ids and a non-negative price; 17,429 distinct rows (5 rows repeat
     * another exactly, in 3 groups), 5,066 sessions, 4,504 users, 6,493 products.
     */
    @Test
    void readsTheWholeExtract() throws IOException {
        Path file = SampleData.rees46();
        List<ClickEvent> events = new ArrayList<>();
        Map<RejectReason, Integer> rejected = new EnumMap<>(RejectReason.class);
        List<Long> lines = new ArrayList<>();

        EventFileReader.read(file, EventFormat.REES46_CSV, ValidationRules.defaults(), (f, line, raw, result) -> {
            lines.add(line);
            if (result.isValid()) {
                events.add(result.event());
            } else {
                rejected.merge(result.reason(), 1, Integer::sum);
            }
        });

        assertThat(lines).hasSize(17_434);
        assertThat(lines.get(0)).as("the header is line 1 and skipped").isEqualTo(2L);
        assertThat(lines.get(lines.size() - 1)).isEqualTo(17_435L);
        assertThat(rejected).isEmpty();
        assertThat(events).hasSize(17_434);
        assertThat(events.stream().filter(e -> e.eventType == EventType.VIEW)).hasSize(17_055);
        assertThat(events.stream().filter(e -> e.eventType == EventType.CART)).hasSize(165);
        assertThat(events.stream().filter(e -> e.eventType == EventType.PURCHASE)).hasSize(214);
        assertThat(events.stream().filter(e -> e.eventType == EventType.REMOVE_FROM_CART)).isEmpty();
        assertThat(distinct(events, e -> e.eventId)).as("identical rows share one derived id").hasSize(17_429);
        assertThat(distinct(events, e -> e.sessionId)).hasSize(5_066);
        assertThat(distinct(events, e -> e.userId)).hasSize(4_504);
        assertThat(distinct(events, e -> e.productId)).hasSize(6_493);
        assertThat(events.stream().filter(e -> e.price == 0.0)).hasSize(19);
        assertThat(events.stream().filter(e -> e.categoryCode == null)).hasSize(5_746);
        assertThat(events.stream().filter(e -> e.brand == null)).hasSize(2_477);
        assertThat(events.get(0)).isEqualTo(parser.parse(LINE_1, NOW).event());
        assertThat(events.get(events.size() - 1).eventTime).isEqualTo(Instant.parse("2019-10-01T02:50:00Z").toEpochMilli());
    }

    private ClickEvent valid(String line) {
        ParseResult r = parser.parse(line, NOW);
        assertThat(r.isValid()).as("%s: %s", line, r).isTrue();
        return r.event();
    }

    private static Set<String> distinct(List<ClickEvent> events, java.util.function.Function<ClickEvent, String> key) {
        Set<String> out = new HashSet<>();
        events.forEach(e -> out.add(key.apply(e)));
        return out;
    }
}
