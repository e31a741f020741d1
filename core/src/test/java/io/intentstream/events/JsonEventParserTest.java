package io.intentstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON event contract of docs/events.md: every field, every accepted time form, every reject reason and its detail. */
class JsonEventParserTest {
    private static final long NOW = Instant.parse("2019-10-01T12:00:00Z").toEpochMilli();
    private static final long T0 = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
    /** The four required fields, valid. */
    private static final String REQUIRED =
            "'event_time':'2019-10-01T00:00:00Z','event_type':'view','session_id':'s-1','user_id':'u-1'";

    private final JsonEventParser parser = new JsonEventParser(ValidationRules.defaults());

    @Test
    void readsEveryFieldOfTheContract() {
        ClickEvent e = valid(json("{'event_id':'e-1','event_time':'2019-10-01T00:00:00Z','event_type':'cart',"
                + "'session_id':'s-1','user_id':'u-1','product_id':'p-1','category_id':'2053013555631882655',"
                + "'category_code':'electronics.smartphone','brand':'samsung','price':174.76,'device_type':'mobile',"
                + "'channel':'web'}"));

        assertThat(e.eventId).isEqualTo("e-1");
        assertThat(e.eventTime).isEqualTo(T0);
        assertThat(e.eventType).isEqualTo(EventType.CART);
        assertThat(e.sessionId).isEqualTo("s-1");
        assertThat(e.userId).isEqualTo("u-1");
        assertThat(e.productId).isEqualTo("p-1");
        assertThat(e.categoryId).isEqualTo("2053013555631882655");
        assertThat(e.categoryCode).isEqualTo("electronics.smartphone");
        assertThat(e.brand).isEqualTo("samsung");
        assertThat(e.price).isEqualTo(174.76);
        assertThat(e.deviceType).isEqualTo("mobile");
        assertThat(e.channel).isEqualTo("web");
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        ClickEvent absent = valid(record(""));
        ClickEvent nulls = valid(record("'product_id':null,'category_id':null,'category_code':null,'brand':null,"
                + "'price':null,'device_type':null,'channel':null,'event_id':null"));

        for (ClickEvent e : new ClickEvent[] {absent, nulls}) {
            assertThat(e.productId).isNull();
            assertThat(e.categoryId).isNull();
            assertThat(e.categoryCode).isNull();
            assertThat(e.brand).isNull();
            assertThat(e.price).isNaN();
            assertThat(e.deviceType).isNull();
            assertThat(e.channel).isNull();
        }
        assertThat(nulls).isEqualTo(absent);
    }

    @Test
    void emptyDescriptorsMeanUnknownLikeAnEmptyCsvCell() {
        ClickEvent e = valid(record("'category_code':'','brand':'','device_type':'','channel':''"));

        assertThat(e.categoryCode).isNull();
        assertThat(e.brand).isNull();
        assertThat(e.deviceType).isNull();
        assertThat(e.channel).isNull();
    }

    @Test
    void anEventWithoutIdGetsTheIdDerivedFromItsContent() {
        ClickEvent e = valid(record("'product_id':'p-1','price':10"));

        assertThat(e.eventId).matches("[0-9a-f]{32}").isEqualTo(EventIds.derive(e));
        assertThat(valid(record("'price':10,'product_id':'p-1'")).eventId).as("field order does not matter").isEqualTo(e.eventId);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "'2019-10-01T00:00:00Z'",
        "'2019-10-01T00:00:00.000Z'",
        "'2019-10-01T02:00:00+02:00'",
        "'2019-09-30T20:00:00-04:00'",
        "'2019-10-01T05:30:00.0000+05:30'",
        "1569888000000",
        "'1569888000000'",
    })
    void eventTimeIsIsoWithOffsetOrEpochMillisAsNumberOrDigitString(String time) {
        ClickEvent e = valid(json("{'event_time':" + time + ",'event_type':'view','session_id':'s','user_id':'u'}"));

        assertThat(e.eventTime).isEqualTo(T0);
    }

    @Test
    void fractionsOfASecondAreKeptToTheMillisecond() {
        assertThat(valid(json("{'event_time':'2019-10-01T00:00:00.25Z','event_type':'view','session_id':'s','user_id':'u'}")).eventTime)
                .isEqualTo(T0 + 250);
        assertThat(valid(json("{'event_time':1569888000123,'event_type':'view','session_id':'s','user_id':'u'}")).eventTime)
                .isEqualTo(T0 + 123);
    }

    @Test
    void identifiersMayBeJsonNumbersAndKeepTheirExactDigits() {
        ClickEvent e = valid(json("{'event_time':1569888000000,'event_type':'view','event_id':7,'session_id':42,"
                + "'user_id':541312140,'product_id':44600062,'category_id':2103807459595387724}"));

        assertThat(e.eventId).isEqualTo("7");
        assertThat(e.sessionId).isEqualTo("42");
        assertThat(e.userId).isEqualTo("541312140");
        assertThat(e.productId).isEqualTo("44600062");
        // 19 digits: a double would have made this 2103807459595387600.
        assertThat(e.categoryId).isEqualTo("2103807459595387724");
    }

    @Test
    void categoryIdsBeyondTheLongRangeAreKeptAsWritten() {
        assertThat(valid(record("'category_id':98765432109876543210")).categoryId).isEqualTo("98765432109876543210");
        assertThat(valid(record("'category_id':'2053013555631882655'")).categoryId).isEqualTo("2053013555631882655");
    }

    @Test
    void unknownFieldsOfAnyShapeAreIgnored() {
        ClickEvent plain = valid(record("'product_id':'p-1'"));
        ClickEvent extra = valid(json("{'x':{'event_type':'purchase','nested':[1,{'a':null}]},'event_time':'2019-10-01T00:00:00Z',"
                + "'y':[['session_id'],{}],'event_type':'view','session_id':'s-1','z':null,'user_id':'u-1',"
                + "'product_id':'p-1','w':1.5e300,'v':true,'EVENT_TYPE':'cart'}"));

        assertThat(extra).isEqualTo(plain);
    }

    @Test
    void eventTypesAreExactWireNamesUnlessAnAliasIsConfigured() {
        assertThat(reject("{" + REQUIRED.replace("'view'", "'VIEW'") + "}"))
                .isEqualTo(RejectReason.UNKNOWN_EVENT_TYPE);

        JsonEventParser withAliases = new JsonEventParser(ValidationRules.defaults()
                .withAliases(ValidationRules.parseAliases("addtocart=cart, transaction=purchase")));
        ParseResult alias = withAliases.parse(json("{" + REQUIRED.replace("'view'", "'AddToCart'") + "}"), NOW);
        ParseResult wire = withAliases.parse(json("{" + REQUIRED.replace("'view'", "'remove_from_cart'") + "}"), NOW);

        assertThat(alias.event().eventType).isEqualTo(EventType.CART);
        assertThat(wire.event().eventType).isEqualTo(EventType.REMOVE_FROM_CART);
    }

    @Test
    void bytesAreReadAsUtf8LikeText() {
        String text = record("'brand':'Lacoste ü €'");

        ParseResult fromBytes = parser.parse(text.getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(fromBytes.event()).isEqualTo(parser.parse(text, NOW).event());
        assertThat(fromBytes.event().brand).isEqualTo("Lacoste ü €");
    }

    // ---- every reject reason the JSON parser produces, with its detail ----

    @Test
    void recordTooLargeCountsUtf8BytesNotCharacters() {
        int empty = record("'brand':''").length();
        int limit = empty + 50;
        JsonEventParser small = new JsonEventParser(ValidationRules.defaults().withMaxRecordBytes(limit));
        String fits = record("'brand':'" + "x".repeat(50) + "'");
        String oneOver = record("'brand':'" + "x".repeat(51) + "'");
        // 40 characters of brand fit the limit as characters, but they are 80 UTF-8 bytes.
        String multibyte = record("'brand':'" + "\u00e9".repeat(40) + "'");

        assertThat(small.parse(fits, NOW).isValid()).isTrue();
        assertRejected(small.parse(oneOver, NOW), RejectReason.RECORD_TOO_LARGE, (limit + 1) + " characters");
        assertThat(multibyte.length()).isLessThan(limit);
        assertRejected(small.parse(multibyte, NOW), RejectReason.RECORD_TOO_LARGE, multibyte.length() + " characters");
        assertRejected(small.parse(oneOver.getBytes(StandardCharsets.UTF_8), NOW), RejectReason.RECORD_TOO_LARGE,
                (limit + 1) + " bytes");
        assertThat(small.parse(fits.getBytes(StandardCharsets.UTF_8), NOW).isValid()).isTrue();
    }

    @Test
    void invalidJson() {
        assertRejected(parser.parse("", NOW), RejectReason.INVALID_JSON, "empty record");
        assertRejected(parser.parse("   ", NOW), RejectReason.INVALID_JSON, "empty record");
        assertRejected(parser.parse((String) null, NOW), RejectReason.INVALID_JSON, "null record");
        assertRejected(parser.parse((byte[]) null, NOW), RejectReason.INVALID_JSON, "null record");
        assertRejected(parser.parse(record("") + " {}", NOW), RejectReason.INVALID_JSON, "trailing content after the object");
        assertThat(reject("{\"event_time\":")).isEqualTo(RejectReason.INVALID_JSON);
        assertThat(reject("{'event_type':'view'")).isEqualTo(RejectReason.INVALID_JSON);
        assertThat(reject("not json")).isEqualTo(RejectReason.INVALID_JSON);
        assertThat(reject(record("").replace("}", ",}"))).as("trailing comma").isEqualTo(RejectReason.INVALID_JSON);
        assertThat(reject(record("'price':NaN"))).as("NaN is not JSON").isEqualTo(RejectReason.INVALID_JSON);
        assertThat(parser.parse(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, NOW).reason())
                .as("invalid UTF-8").isEqualTo(RejectReason.INVALID_JSON);
        assertThat(reject("[".repeat(100) + "]".repeat(100))).as("nesting beyond 64").isEqualTo(RejectReason.INVALID_JSON);
        assertThat(reject(record("'x':" + "[".repeat(100) + "]".repeat(100)))).as("nesting beyond 64").isEqualTo(RejectReason.INVALID_JSON);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "[]                  | top-level START_ARRAY",
        "[{}]                | top-level START_ARRAY",
        "42                  | top-level VALUE_NUMBER_INT",
        "'2019-10-01'        | top-level VALUE_STRING",
        "null                | top-level VALUE_NULL",
        "true                | top-level VALUE_TRUE",
    })
    void notAnObject(String record, String detail) {
        assertRejected(parser.parse(json(record), NOW), RejectReason.NOT_AN_OBJECT, detail);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"event_time", "event_type", "session_id", "user_id"})
    void missingRequiredField(String field) {
        String withoutField = json("{" + REQUIRED + "}").replaceAll("\"" + field + "\":(\"[^\"]*\"),?", "").replace(",}", "}");
        String withNull = json("{" + REQUIRED + "}").replaceAll("\"" + field + "\":(\"[^\"]*\")", "\"" + field + "\":null");

        assertRejected(parser.parse(withoutField, NOW), RejectReason.MISSING_FIELD, field);
        assertRejected(parser.parse(withNull, NOW), RejectReason.MISSING_FIELD, field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'event_type':5                | event_type has JSON type VALUE_NUMBER_INT",
        "'event_type':true             | event_type has JSON type VALUE_TRUE",
        "'event_type':{'name':'view'}  | event_type has JSON type START_OBJECT",
        "'event_type':['view']         | event_type has JSON type START_ARRAY",
        "'session_id':1.5              | session_id has JSON type VALUE_NUMBER_FLOAT",
        "'user_id':false               | user_id has JSON type VALUE_FALSE",
        "'event_id':{}                 | event_id has JSON type START_OBJECT",
        "'product_id':['p1','p2']      | product_id has JSON type START_ARRAY",
        "'category_id':2.0             | category_id has JSON type VALUE_NUMBER_FLOAT",
        "'brand':5                     | brand has JSON type VALUE_NUMBER_INT",
        "'category_code':['a','b']     | category_code has JSON type START_ARRAY",
        "'device_type':{'os':'ios'}    | device_type has JSON type START_OBJECT",
        "'channel':true                | channel has JSON type VALUE_TRUE",
        "'event_time':true             | event_time has JSON type VALUE_TRUE",
        "'event_time':1.5e12           | event_time has JSON type VALUE_NUMBER_FLOAT",
        "'event_time':{'ms':1}         | event_time has JSON type START_OBJECT",
    })
    void wrongType(String field, String detail) {
        // The wrong-typed field comes first, and valid fields follow it, so the parser must skip its value whole.
        String record = json("{" + field + "," + REQUIRED.replace("'" + fieldName(field) + "'", "'ignored_" + fieldName(field) + "'") + "}");

        assertRejected(parser.parse(record, NOW), RejectReason.WRONG_TYPE, detail);
    }

    @Test
    void wrongTypeAsTheLastFieldIsStillWrongType() {
        assertRejected(parser.parse(record("'device_type':{'os':'ios','v':[1,2]}"), NOW), RejectReason.WRONG_TYPE,
                "device_type has JSON type START_OBJECT");
        assertRejected(parser.parse(record("'product_id':[]"), NOW), RejectReason.WRONG_TYPE,
                "product_id has JSON type START_ARRAY");
    }

    @Test
    void unknownEventType() {
        assertRejected(parser.parse(json("{" + REQUIRED.replace("'view'", "'click'") + "}"), NOW),
                RejectReason.UNKNOWN_EVENT_TYPE, "click");
        String longName = "x".repeat(500);
        assertRejected(parser.parse(json("{" + REQUIRED.replace("'view'", "'" + longName + "'") + "}"), NOW),
                RejectReason.UNKNOWN_EVENT_TYPE, "x".repeat(80) + "...");
        assertThat(reject(json("{" + REQUIRED.replace("'view'", "''") + "}"))).isEqualTo(RejectReason.UNKNOWN_EVENT_TYPE);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'yesterday'                  | yesterday",
        "'2019-02-30T00:00:00Z'       | 2019-02-30T00:00:00Z",
        "'2019-10-01T00:00:00'        | 2019-10-01T00:00:00",
        "'2019-10-01 00:00:00 UTC'    | 2019-10-01 00:00:00 UTC",
        "'1569888000000000'           | 1569888000000000",
        "'1.5e12'                     | 1.5e12",
        "''                           | ''",
        "99999999999999999999         | epoch milliseconds out of range",
    })
    void invalidEventTime(String time, String detail) {
        String record = json("{'event_time':" + time + ",'event_type':'view','session_id':'s','user_id':'u'}");

        assertRejected(parser.parse(record, NOW), RejectReason.INVALID_EVENT_TIME, detail.equals("''") ? "" : detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "0                           | event_time 0",
        "1569888000                  | event_time 1569888000", // epoch seconds, a unit mix-up
        "-1                          | event_time -1",
        "'1999-12-31T23:59:59.999Z'  | event_time 946684799999",
        "'2100-01-01T00:00:00Z'      | event_time 4102444800000",
    })
    void eventTimeOutOfRange(String time, String detail) {
        String record = json("{'event_time':" + time + ",'event_type':'view','session_id':'s','user_id':'u'}");

        assertRejected(parser.parse(record, NOW), RejectReason.EVENT_TIME_OUT_OF_RANGE, detail);
    }

    @Test
    void theRangeBoundsAreTheFirstMillisecondOf2000AndTheLastBefore2100() {
        assertThat(valid(json("{'event_time':'2000-01-01T00:00:00Z','event_type':'view','session_id':'s','user_id':'u'}"))
                .eventTime).isEqualTo(946684800000L);
        assertThat(valid(json("{'event_time':'2099-12-31T23:59:59.999Z','event_type':'view','session_id':'s','user_id':'u'}"))
                .eventTime).isEqualTo(4102444799999L);
    }

    @Test
    void eventTimeInTheFutureOnlyInLiveMode() {
        JsonEventParser live = new JsonEventParser(ValidationRules.defaults().withMaxFutureSkewMillis(60_000));
        String atSkew = json("{'event_time':" + (T0 + 60_000) + ",'event_type':'view','session_id':'s','user_id':'u'}");
        String beyond = json("{'event_time':" + (T0 + 60_001) + ",'event_type':'view','session_id':'s','user_id':'u'}");

        assertThat(live.parse(atSkew, T0).isValid()).isTrue();
        assertRejected(live.parse(beyond, T0), RejectReason.EVENT_TIME_IN_FUTURE,
                "event_time " + (T0 + 60_001) + " is ahead of now " + T0);
        assertThat(parser.parse(beyond, T0).isValid()).as("replay of history: no skew limit").isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "-1              | -1",
        "-0.01           | -0.01",
        "1e400           | 1e400",
        "'12.50'         | price is not a number",
        "true            | price is not a number",
        "{'amount':1}    | price is not a number",
        "[1]             | price is not a number",
    })
    void invalidPrice(String price, String detail) {
        assertRejected(parser.parse(record("'price':" + price), NOW), RejectReason.INVALID_PRICE, detail);
    }

    @Test
    void zeroAndIntegerPricesAreValid() {
        assertThat(valid(record("'price':0")).price).isZero();
        assertThat(valid(record("'price':12")).price).isEqualTo(12.0);
        assertThat(valid(record("'price':1.5E2")).price).isEqualTo(150.0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"session_id", "user_id", "event_id", "product_id", "category_id"})
    void emptyIdentifier(String field) {
        String record = json("{" + REQUIRED.replace("'" + field + "'", "'was_" + field + "'") + ",'" + field + "':''}");

        assertRejected(parser.parse(record, NOW), RejectReason.EMPTY_IDENTIFIER, field);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"session_id", "user_id", "event_id", "product_id", "category_id"})
    void identifierTooLong(String field) {
        String base = "{" + REQUIRED.replace("'" + field + "'", "'was_" + field + "'") + ",'" + field + "':'";

        assertThat(parser.parse(json(base + "x".repeat(256) + "'}"), NOW).isValid()).as("256 is the limit").isTrue();
        assertRejected(parser.parse(json(base + "x".repeat(257) + "'}"), NOW), RejectReason.IDENTIFIER_TOO_LONG,
                field + " has 257 characters");
    }

    @Test
    void theFirstProblemInTheRecordIsReported() {
        assertThat(reject(record("'price':-1,'brand':5"))).isEqualTo(RejectReason.INVALID_PRICE);
        assertThat(reject(record("'brand':5,'price':-1"))).isEqualTo(RejectReason.WRONG_TYPE);
        // Broken JSON outranks field problems: the record as a whole cannot be trusted.
        assertThat(reject(record("'brand':5") + "x")).isEqualTo(RejectReason.INVALID_JSON);
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsItToSubtasks() throws Exception {
        JsonEventParser copy = roundTrip(parser);
        LineParser line = roundTrip(EventFormat.JSON.lineParser(ValidationRules.defaults()));
        String record = record("'product_id':'p-1'");

        assertThat(copy.parse(record, NOW).event()).isEqualTo(parser.parse(record, NOW).event());
        assertThat(line.parse(record, NOW).event()).isEqualTo(parser.parse(record, NOW).event());
        assertThat(line.isHeader(record)).isFalse();
    }

    @Test
    void theLineParserOfEachFormat() {
        assertThat(EventFormat.fromOptionName("JSON")).isEqualTo(EventFormat.JSON);
        assertThat(EventFormat.fromOptionName("rees46")).isEqualTo(EventFormat.REES46_CSV);
        assertThat(EventFormat.fromOptionName("retailrocket").isLineLocal()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> EventFormat.RETAILROCKET_CSV.lineParser(ValidationRules.defaults()))
                .hasMessageContaining("convert it to JSON lines");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventFormat.fromOptionName("parquet"))
                .hasMessageContaining("expected json, rees46 or retailrocket");
    }

    private ClickEvent valid(String record) {
        ParseResult r = parser.parse(record, NOW);
        assertThat(r.isValid()).as("%s: %s", record, r).isTrue();
        return r.event();
    }

    private RejectReason reject(String record) {
        ParseResult r = parser.parse(json(record), NOW);
        assertThat(r.isValid()).as(record).isFalse();
        return r.reason();
    }

    private static void assertRejected(ParseResult r, RejectReason reason, String detail) {
        assertThat(r.isValid()).as("%s", r).isFalse();
        assertThat(r.event()).isNull();
        assertThat(r.reason()).as("%s", r).isEqualTo(reason);
        assertThat(r.detail()).isEqualTo(detail);
    }

    /** The required fields plus {@code extra} (single quotes for double quotes). */
    private static String record(String extra) {
        return json("{" + REQUIRED + (extra.isEmpty() ? "" : "," + extra) + "}");
    }

    /** Test JSON is written with single quotes for readability. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String fieldName(String assignment) {
        return assignment.substring(1, assignment.indexOf('\'', 1));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
