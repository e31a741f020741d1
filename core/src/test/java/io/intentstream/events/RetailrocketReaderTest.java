package io.intentstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Retailrocket layout ({@code timestamp,visitorid,event,itemid,transactionid}) read from a small hand-written
 * file in file order that is not time order. Visitor 100 has a gap of exactly 30 minutes (a new session) followed by
 * one of 29:59.999 (the same session); visitor 200 has a tie; visitor 300 sends one row twice.
 */
class RetailrocketReaderTest {
    private static final long T = 1433221200000L; // 2015-06-02T05:00:00Z
    private static final long MINUTE = 60_000L;

    @Test
    void readsTheSampleFileThroughEventFileReader() throws Exception {
        List<Seen> seen = read(sample());

        // Rejected rows first, in file order; then valid rows in event-time order, ties in file order.
        assertThat(seen).extracting(s -> s.line).containsExactly(4L, 8L, 11L, 14L, 16L, 6L, 9L, 13L, 7L, 15L, 3L, 10L, 12L, 5L, 2L);
        assertThat(seen.subList(0, 5)).extracting(s -> s.result.reason()).containsExactly(
                RejectReason.INVALID_EVENT_TIME,
                RejectReason.UNKNOWN_EVENT_TYPE,
                RejectReason.MISSING_FIELD,
                RejectReason.INVALID_CSV,
                // Epoch seconds where milliseconds belong land in January 1970.
                RejectReason.EVENT_TIME_OUT_OF_RANGE);
        assertThat(seen.get(2).result.detail()).isEqualTo("user_id");
        assertThat(seen.get(3).result.detail()).isEqualTo("expected 5 columns, found 4");
        assertThat(seen.get(0).raw).isEqualTo("abc,400,view,1,");
    }

    @Test
    void mapsRetailrocketEventNamesToOurs() throws Exception {
        Map<Long, ClickEvent> byLine = validByLine(read(sample()));

        assertThat(byLine.get(9L).eventType).isEqualTo(EventType.VIEW);
        assertThat(byLine.get(12L).eventType).as("addtocart").isEqualTo(EventType.CART);
        assertThat(byLine.get(2L).eventType).as("transaction").isEqualTo(EventType.PURCHASE);
        ClickEvent purchase = byLine.get(2L);
        assertThat(purchase.userId).isEqualTo("100");
        assertThat(purchase.productId).isEqualTo("1");
        assertThat(purchase.eventTime).isEqualTo(T + 70 * MINUTE - 1);
        assertThat(purchase.price).as("Retailrocket has no prices").isNaN();
        assertThat(purchase.categoryId).isNull();
        assertThat(byLine.get(15L).productId).as("empty itemid").isNull();
    }

    @Test
    void cutsSessionsAfterThirtyMinutesOfInactivityExactlyAtTheBoundary() throws Exception {
        Map<Long, ClickEvent> byLine = validByLine(read(sample()));

        assertThat(byLine.get(9L).sessionId).isEqualTo("100-" + T);
        assertThat(byLine.get(12L).sessionId).as("10 minutes later").isEqualTo("100-" + T);
        assertThat(byLine.get(5L).sessionId).as("exactly 30 minutes after the cart").isEqualTo("100-" + (T + 40 * MINUTE));
        assertThat(byLine.get(2L).sessionId).as("29:59.999 after that").isEqualTo("100-" + (T + 40 * MINUTE));
    }

    @Test
    void sessionsStartAtTheEarliestEventWhateverTheFileOrder() throws Exception {
        Map<Long, ClickEvent> byLine = validByLine(read(sample()));

        // Visitor 200's first line in the file (line 3) is not its first event (line 7, a minute after T).
        assertThat(List.of(byLine.get(3L).sessionId, byLine.get(7L).sessionId, byLine.get(10L).sessionId))
                .containsOnly("200-" + (T + MINUTE));
        assertThat(List.of(byLine.get(6L).sessionId, byLine.get(13L).sessionId, byLine.get(15L).sessionId))
                .containsOnly("300-" + T);
    }

    @Test
    void identicalRowsGetOneEventIdAndOtherRowsDistinctOnes() throws Exception {
        Map<Long, ClickEvent> byLine = validByLine(read(sample()));

        assertThat(byLine.get(6L).eventId).isEqualTo(byLine.get(13L).eventId);
        assertThat(byLine.values().stream().map(e -> e.eventId).distinct()).hasSize(byLine.size() - 1);
        assertThat(byLine.get(6L).eventId).isEqualTo(EventIds.derive(byLine.get(6L)));
    }

    @Test
    void shuffledInputGivesTheSameEventsAndSessions(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(sample());
        Map<String, String> expected = sessionByEventId(read(sample()));
        Random random = new Random(7);

        for (int i = 0; i < 20; i++) {
            List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
            Collections.shuffle(body, random);
            body.add(0, lines.get(0));
            Path shuffled = dir.resolve("shuffled-" + i + ".csv");
            Files.write(shuffled, body);

            assertThat(sessionByEventId(read(shuffled))).isEqualTo(expected);
        }
    }

    @Test
    void liveModeFutureSkewDoesNotApplyToHistory() throws Exception {
        // Retailrocket files are history: a job or converter configured for live input must not reject them all.
        List<Seen> live = new ArrayList<>();
        EventFileReader.read(sample(), EventFormat.RETAILROCKET_CSV, ValidationRules.defaults().withMaxFutureSkewMillis(60_000),
                (f, line, raw, result) -> live.add(new Seen(line, raw, result)));

        assertThat(sessionByEventId(live)).isEqualTo(sessionByEventId(read(sample())));
    }

    @Test
    void theGapIsConfigurable() {
        RetailrocketReader tenMinutes = new RetailrocketReader(ValidationRules.defaults(), Duration.ofMinutes(10).toMillis());
        List<RetailrocketReader.Row> rows = new ArrayList<>();
        String[] lines = {"1433221200000,1,view,1,", "1433221800000,1,view,2,", "1433222399999,1,view,3,"};
        for (int i = 0; i < lines.length; i++) {
            rows.add(new RetailrocketReader.Row(i + 1, lines[i], tenMinutes.parseLine(lines[i])));
        }

        List<String> sessions = tenMinutes.sessionise(rows).stream().map(r -> r.result.event().sessionId).collect(Collectors.toList());

        assertThat(sessions).containsExactly("1-1433221200000", "1-1433221800000", "1-1433221800000");
    }

    @Test
    void recognisesItsHeaderAndRejectsLongLines() {
        RetailrocketReader small = new RetailrocketReader(ValidationRules.defaults().withMaxRecordBytes(20), 1);

        assertThat(RetailrocketReader.isHeader("timestamp,visitorid,event,itemid,transactionid")).isTrue();
        assertThat(RetailrocketReader.isHeader("1433221200000,1,view,1,")).isFalse();
        assertThat(small.parseLine("1433221200000,1,view,1,").reason()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
        assertThat(small.parseLine("1,1,view,\"x,").reason()).isEqualTo(RejectReason.INVALID_CSV);
        assertThat(small.parseLine("1,1,view,\"x,").detail()).isEqualTo("unbalanced quotes");
    }

    private static Path sample() throws URISyntaxException {
        return Path.of(RetailrocketReaderTest.class.getResource("/retailrocket/events_sample.csv").toURI());
    }

    private static List<Seen> read(Path file) throws IOException {
        List<Seen> seen = new ArrayList<>();
        EventFileReader.read(file, EventFormat.RETAILROCKET_CSV, ValidationRules.defaults(),
                (f, line, raw, result) -> seen.add(new Seen(line, raw, result)));
        return seen;
    }

    private static Map<Long, ClickEvent> validByLine(List<Seen> seen) {
        Map<Long, ClickEvent> out = new TreeMap<>();
        for (Seen s : seen) {
            if (s.result.isValid()) {
                out.put(s.line, s.result.event());
            }
        }
        assertThat(out).hasSize(10);
        return out;
    }

    private static Map<String, String> sessionByEventId(List<Seen> seen) {
        Map<String, String> out = new TreeMap<>();
        for (Seen s : seen) {
            if (s.result.isValid()) {
                out.put(s.result.event().eventId, s.result.event().sessionId);
            }
        }
        return out;
    }

    private static final class Seen {
        final long line;
        final String raw;
        final ParseResult result;

        Seen(long line, String raw, ParseResult result) {
            this.line = line;
            this.raw = raw;
            this.result = result;
        }
    }
}
