package io.intentstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.features.SessionProcessor.Outcome;
import io.intentstream.testing.Events;
import io.intentstream.testing.MapSessionStore;
import io.intentstream.testing.SessionReplay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Point-in-time correctness: the features at event k are a function of events 0..k only. Replaying a prefix gives
 * bit-for-bit the vector the full session gave at that event, so no feature can see the future (or the label).
 */
class PrefixInvarianceTest {
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata");

    @Property(tries = 300)
    void featuresAtEventKDoNotDependOnLaterEvents(@ForAll("sessions") List<ClickEvent> session, @ForAll("zones") String zone) {
        FeatureConfig config = FeatureConfig.withTimeZone(zone);
        SessionReplay full = SessionReplay.replay(config, session);

        for (int k = 0; k < session.size(); k++) {
            SessionReplay prefix = SessionReplay.replay(config, session.subList(0, k + 1));
            assertThat(prefix.at(k)).as("event %d of %d", k, session.size()).isEqualTo(full.at(k));
        }
    }

    @Property(tries = 200)
    void featuresDoNotDependOnOtherSessionsSharingTheEngine(
            @ForAll("sessions") List<ClickEvent> session, @ForAll("sessions") List<ClickEvent> other, @ForAll("zones") String zone) {
        FeatureConfig config = FeatureConfig.withTimeZone(zone);
        SessionReplay alone = SessionReplay.replay(config, session);
        // One engine per Flink subtask serves interleaved sessions; its time-zone cache must not leak between them.
        SessionFeatureEngine shared = new SessionFeatureEngine(config);
        SessionReplay interleaved = new SessionReplay(shared);
        SessionReplay noise = new SessionReplay(shared);

        for (int k = 0; k < session.size(); k++) {
            if (k < other.size()) {
                ClickEvent o = Events.copy(other.get(k));
                o.sessionId = "other";
                o.eventTime = o.eventTime - Duration.ofDays(180).toMillis();
                noise.apply(o);
            }
            interleaved.apply(session.get(k));
            assertThat(interleaved.at(k)).as("event %d", k).isEqualTo(alone.at(k));
        }
    }

    @Property(tries = 200)
    void processorOutcomesAtEventKDoNotDependOnLaterEvents(@ForAll("sessions") List<ClickEvent> session) throws Exception {
        // Gaps in the generated sessions sometimes exceed a 30-minute timeout, and events repeat, so this covers
        // session splits and duplicates as well.
        FeatureConfig config = FeatureConfig.defaults().withSessionTimeoutMillis(Duration.ofMinutes(30).toMillis());
        List<Object> full = processAll(config, session);

        for (int k = 0; k < session.size(); k++) {
            List<Object> prefix = processAll(config, session.subList(0, k + 1));
            assertThat(prefix).as("event %d", k).isEqualTo(full.subList(0, prefix.size()));
        }
    }

    @Property(tries = 200)
    void historyFeaturesAtEventKDoNotDependOnLaterEvents(@ForAll("userHistories") List<ClickEvent> events) throws Exception {
        // Several sessions of one user, gaps from seconds to months: history carries across sessions, through
        // session timeouts and through the expiry of the history itself.
        FeatureConfig config = FeatureConfig.defaults().withSessionTimeoutMillis(Duration.ofMinutes(30).toMillis())
                .withUserHistoryTtlMillis(Duration.ofDays(40).toMillis());
        List<Object> full = processAll(config, events);

        for (int k = 0; k < events.size(); k++) {
            List<Object> prefix = processAll(config, events.subList(0, k + 1));
            assertThat(prefix).as("event %d", k).isEqualTo(full.subList(0, prefix.size()));
        }
    }

    /** Per event: its outcome, its features (as a list, for equality), and the sessions closed by it. */
    private static List<Object> processAll(FeatureConfig config, List<ClickEvent> events) throws Exception {
        SessionProcessor processor = new SessionProcessor(new SessionFeatureEngine(config));
        MapSessionStore store = new MapSessionStore();
        List<Object> trace = new ArrayList<>();
        for (ClickEvent e : events) {
            float[] out = new float[FeatureSchema.SIZE];
            List<Integer> closedCounts = new ArrayList<>();
            Outcome outcome = processor.process(e, store, out, s -> closedCounts.add(s.eventCount));
            if (outcome == Outcome.APPLIED) {
                store.put(e.sessionId, processor.lastSession());
            }
            List<Float> features = new ArrayList<>();
            for (float f : out) {
                features.add(f);
            }
            trace.add(List.of(outcome, features, closedCounts));
        }
        return trace;
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of(ZONES);
    }

    /** Sessions of 1 to 40 events in time order, from a small product/category/brand pool, with repeats. */
    @Provide
    Arbitrary<List<ClickEvent>> sessions() {
        Arbitrary<EventType> type = Arbitraries.frequencyOf(
                Tuple.of(70, Arbitraries.just(EventType.VIEW)),
                Tuple.of(15, Arbitraries.just(EventType.CART)),
                Tuple.of(8, Arbitraries.just(EventType.REMOVE_FROM_CART)),
                Tuple.of(7, Arbitraries.just(EventType.PURCHASE)));
        Arbitrary<String> product = Arbitraries.integers().between(0, 14).map(i -> "p" + i).injectNull(0.05);
        Arbitrary<String> category = Arbitraries.integers().between(0, 5).map(i -> "c" + i).injectNull(0.1);
        Arbitrary<String> brand = Arbitraries.integers().between(0, 5).map(i -> "b" + i).injectNull(0.2);
        Arbitrary<Double> price = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(Double.NaN)),
                Tuple.of(5, Arbitraries.just(0.0)),
                Tuple.of(85, Arbitraries.integers().between(1, 200_000).map(c -> c / 100.0)));
        Arbitrary<Long> gap = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(0L)),
                Tuple.of(80, Arbitraries.longs().between(1, Duration.ofMinutes(5).toMillis())),
                Tuple.of(10, Arbitraries.longs().between(1, Duration.ofHours(30).toMillis())));
        Arbitrary<Integer> repeatOf = Arbitraries.integers().between(0, 1000).injectNull(0.9);
        Arbitrary<Spec> spec = Combinators.combine(type, product, category, brand, price, gap, repeatOf).as(Spec::new);
        Arbitrary<Long> start = Arbitraries.longs()
                .between(Instant.parse("2019-01-01T00:00:00Z").toEpochMilli(), Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());
        return Combinators.combine(start, spec.list().ofMinSize(1).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform())).as(PrefixInvarianceTest::toEvents);
    }

    /** One user's events over several sessions (a new session id at about one event in five), in time order. */
    @Provide
    Arbitrary<List<ClickEvent>> userHistories() {
        Arbitrary<EventType> type = Arbitraries.frequencyOf(
                Tuple.of(60, Arbitraries.just(EventType.VIEW)),
                Tuple.of(20, Arbitraries.just(EventType.CART)),
                Tuple.of(5, Arbitraries.just(EventType.REMOVE_FROM_CART)),
                Tuple.of(15, Arbitraries.just(EventType.PURCHASE)));
        Arbitrary<String> product = Arbitraries.integers().between(0, 9).map(i -> "p" + i).injectNull(0.05);
        Arbitrary<String> category = Arbitraries.integers().between(0, 20).map(i -> "c" + i).injectNull(0.1);
        Arbitrary<Double> price = Arbitraries.integers().between(1, 50_000).map(c -> c / 100.0).injectNull(0.1)
                .map(p -> p == null ? Double.NaN : p);
        Arbitrary<Long> gap = Arbitraries.frequencyOf(
                Tuple.of(70, Arbitraries.longs().between(0, Duration.ofMinutes(5).toMillis())),
                Tuple.of(20, Arbitraries.longs().between(1, Duration.ofDays(3).toMillis())),
                Tuple.of(10, Arbitraries.longs().between(1, Duration.ofDays(90).toMillis())));
        Arbitrary<String> device = Arbitraries.of("mobile", "Desktop", "tablet", "watch").injectNull(0.2);
        Arbitrary<String> channel = Arbitraries.of("direct", "email", "social", "affiliate").injectNull(0.2);
        Arbitrary<Boolean> newSession = Arbitraries.integers().between(0, 4).map(i -> i == 0);
        Arbitrary<HistorySpec> spec = Combinators.combine(type, product, category, price, gap, device, channel, newSession)
                .as(HistorySpec::new);
        return spec.list().ofMinSize(1).ofMaxSize(60).map(specs -> {
            List<ClickEvent> events = new ArrayList<>();
            long t = Instant.parse("2019-01-01T00:00:00Z").toEpochMilli();
            int session = 0;
            for (HistorySpec s : specs) {
                t += s.gap;
                session += s.newSession ? 1 : 0;
                events.add(Events.event(s.type, Instant.ofEpochMilli(t)).session("s" + session).product(s.product)
                        .category(s.category).price(s.price).device(s.device).channel(s.channel).build());
            }
            return events;
        });
    }

    private record HistorySpec(EventType type, String product, String category, double price, long gap, String device,
            String channel, boolean newSession) {}

    private static List<ClickEvent> toEvents(long start, List<Spec> specs) {
        List<ClickEvent> events = new ArrayList<>();
        long t = start;
        for (Spec s : specs) {
            if (s.repeatOf != null && !events.isEmpty()) {
                // A tracker resend: an earlier event's id arrives again now (time order is kept).
                ClickEvent resend = Events.copy(events.get(s.repeatOf % events.size()));
                resend.eventTime = t;
                events.add(resend);
                continue;
            }
            t += s.gap;
            events.add(Events.event(s.type, Instant.ofEpochMilli(t))
                    .product(s.product).category(s.category).brand(s.brand).price(s.price).build());
        }
        return events;
    }

    private static final class Spec {
        final EventType type;
        final String product;
        final String category;
        final String brand;
        final double price;
        final long gap;
        final Integer repeatOf;

        Spec(EventType type, String product, String category, String brand, Double price, Long gap, Integer repeatOf) {
            this.type = type;
            this.product = product;
            this.category = category;
            this.brand = brand;
            this.price = price;
            this.gap = gap;
            this.repeatOf = repeatOf;
        }
    }
}
