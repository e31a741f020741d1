package io.intentstream.features;

import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.testing.Events;
import io.intentstream.testing.MapSessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history and context features on scenarios whose values are worked out by hand (docs/features.md). */
class UserHistoryFeaturesTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final FeatureConfig CONFIG = FeatureConfig.defaults()
            .withSessionTimeoutMillis(Duration.ofMinutes(30).toMillis()).withUserHistoryTtlMillis(Duration.ofDays(90).toMillis());

    private final SessionProcessor processor = new SessionProcessor(new SessionFeatureEngine(CONFIG));
    private final MapSessionStore store = new MapSessionStore();

    /** Applies an event as the job does and returns its vector. */
    private float[] apply(ClickEvent e) throws Exception {
        float[] out = new float[FeatureSchema.SIZE];
        assertThat(processor.process(e, store, out, closed -> {})).isEqualTo(SessionProcessor.Outcome.APPLIED);
        store.put(e.sessionId, processor.lastSession());
        return out;
    }

    private static ClickEvent event(EventType type, String session, String product, String category, double price, long at) {
        return Events.event(type, Instant.ofEpochMilli(at)).session(session).product(product).category(category)
                .price(price).build();
    }

    @Test
    void aNewUserHasNoHistory() throws Exception {
        float[] f = apply(event(EventType.VIEW, "s1", "p1", "c1", 10.0, START.toEpochMilli()));

        assertThat(f[FeatureSchema.USER_PREV_SESSIONS]).isZero();
        assertThat(f[FeatureSchema.USER_PREV_CONVERTED_SESSIONS]).isZero();
        assertThat(f[FeatureSchema.USER_CONVERSION_RATE]).isEqualTo(0.05f);
        assertThat(f[FeatureSchema.USER_PREV_PURCHASES]).isZero();
        assertThat(f[FeatureSchema.DAYS_SINCE_LAST_PURCHASE]).isNaN();
        assertThat(f[FeatureSchema.DAYS_SINCE_PREV_SESSION]).isNaN();
        assertThat(f[FeatureSchema.PREV_SESSION_CONVERTED]).isNaN();
        assertThat(f[FeatureSchema.USER_DECAYED_SESSIONS]).isEqualTo(1f);
        assertThat(f[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isZero();
        assertThat(f[FeatureSchema.CATEGORY_VIEWS_BEFORE]).isZero();
    }

    @Test
    void theSessionsOwnEventsAreNotHistoryButEarlierSessionsAre() throws Exception {
        long t0 = START.toEpochMilli();
        apply(event(EventType.VIEW, "s1", "p1", "c1", 10.0, t0));
        apply(event(EventType.VIEW, "s1", "p2", "c1", 30.0, t0 + 1_000));
        apply(event(EventType.CART, "s1", "p1", "c1", 10.0, t0 + 2_000));
        float[] purchase = apply(event(EventType.PURCHASE, "s1", "p1", "c1", 10.0, t0 + 3_000));
        float[] after = apply(event(EventType.VIEW, "s1", "p1", "c1", 10.0, t0 + 4_000));
        // Within the session: the session's purchase is not a previous one, but the product was bought before now.
        assertThat(purchase[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isZero();
        assertThat(purchase[FeatureSchema.CATEGORY_VIEWS_BEFORE]).isEqualTo(2f);
        assertThat(after[FeatureSchema.USER_PREV_PURCHASES]).isZero();
        assertThat(after[FeatureSchema.USER_PREV_CONVERTED_SESSIONS]).isZero();
        assertThat(after[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isEqualTo(1f);
        assertThat(after[FeatureSchema.DAYS_SINCE_LAST_PURCHASE]).isEqualTo((float) (1_000 / 86_400_000.0));

        // Two days later, a second session.
        long t1 = t0 + 4_000 + 2 * DAY;
        float[] back = apply(event(EventType.VIEW, "s2", "p1", "c1", 10.0, t1));
        assertThat(back[FeatureSchema.USER_PREV_SESSIONS]).isEqualTo(1f);
        assertThat(back[FeatureSchema.USER_PREV_CART_SESSIONS]).isEqualTo(1f);
        assertThat(back[FeatureSchema.USER_PREV_CONVERTED_SESSIONS]).isEqualTo(1f);
        assertThat(back[FeatureSchema.USER_CONVERSION_RATE]).isEqualTo((float) ((1 + 0.5) / (1 + 10.0)));
        assertThat(back[FeatureSchema.USER_PREV_PURCHASES]).isEqualTo(1f);
        assertThat(back[FeatureSchema.USER_PREV_SPEND]).isEqualTo(10f);
        assertThat(back[FeatureSchema.DAYS_SINCE_PREV_SESSION]).isEqualTo(2f);
        assertThat(back[FeatureSchema.DAYS_SINCE_LAST_PURCHASE]).isEqualTo((float) ((2 * DAY + 1_000) / 86_400_000.0));
        assertThat(back[FeatureSchema.PREV_SESSION_CONVERTED]).isEqualTo(1f);
        assertThat(back[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isEqualTo(1f);
        assertThat(back[FeatureSchema.PRODUCT_CARTED_BEFORE]).isEqualTo(1f);
        assertThat(back[FeatureSchema.CATEGORY_BOUGHT_BEFORE]).isEqualTo(1f);
        assertThat(back[FeatureSchema.CATEGORY_VIEWS_BEFORE]).isEqualTo(3f);
        // Decayed counts: the first session two days (and four seconds) old, half-life seven days, plus this one.
        double decay = StrictMath.pow(2.0, -(2.0 * DAY + 4_000) / (7.0 * DAY));
        assertThat(back[FeatureSchema.USER_DECAYED_SESSIONS]).isEqualTo((float) (1 * decay + 1));
        // The conversion was counted at the purchase, a second after the session opened.
        double conversionDecay = StrictMath.pow(2.0, -(2.0 * DAY + 1_000) / (7.0 * DAY));
        assertThat(back[FeatureSchema.USER_DECAYED_CONVERSIONS]).isCloseTo((float) conversionDecay, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void aUserAwayLongerThanTheTtlStartsOver() throws Exception {
        long t0 = START.toEpochMilli();
        apply(event(EventType.PURCHASE, "s1", "p1", "c1", 10.0, t0));
        float[] justBefore = apply(event(EventType.VIEW, "s2", "p1", "c1", 10.0, t0 + 90 * DAY - 1));
        float[] expired = apply(event(EventType.VIEW, "s3", "p1", "c1", 10.0, t0 + 180 * DAY - 1));

        assertThat(justBefore[FeatureSchema.USER_PREV_SESSIONS]).isEqualTo(1f);
        assertThat(justBefore[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isEqualTo(1f);
        assertThat(expired[FeatureSchema.USER_PREV_SESSIONS]).isZero();
        assertThat(expired[FeatureSchema.USER_PREV_PURCHASES]).isZero();
        assertThat(expired[FeatureSchema.DAYS_SINCE_PREV_SESSION]).isNaN();
        assertThat(expired[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isZero();
    }

    @Test
    void deviceAndChannelAreCodedByAFixedListCaseInsensitively() throws Exception {
        long t = START.toEpochMilli();
        List<float[]> rows = new ArrayList<>();
        String[][] context = {{"mobile", "direct"}, {"DESKTOP", "organic_search"}, {"tablet", "email"}, {"tv", "carrier-pigeon"},
            {null, null}};
        for (String[] c : context) {
            rows.add(apply(Events.event(EventType.VIEW, Instant.ofEpochMilli(t++)).device(c[0]).channel(c[1]).build()));
        }
        assertThat(rows).extracting(r -> r[FeatureSchema.DEVICE_TYPE]).containsExactly(0f, 1f, 2f, 3f, Float.NaN);
        assertThat(rows).extracting(r -> r[FeatureSchema.CHANNEL]).containsExactly(0f, 1f, 4f, 6f, Float.NaN);
    }

    @Test
    void theHistoryOfAHeavyBuyerStaysWithinItsCaps() throws Exception {
        long t = START.toEpochMilli();
        for (int i = 0; i < 5_000; i++) {
            String session = "s" + (i / 10);
            apply(event(i % 2 == 0 ? EventType.VIEW : EventType.PURCHASE, session, "p" + i, "c" + (i % 200), 1.0, t));
            t += i % 10 == 9 ? DAY : 1_000;
        }
        UserHistory h = store.history();
        assertThat(h.sessionsStarted).isEqualTo(500);
        assertThat(h.purchases).isEqualTo(2_500);
        assertThat(h.boughtProducts).hasSize(UserHistory.MAX_RECENT_PRODUCTS);
        assertThat(h.boughtProductCount).isEqualTo(UserHistory.MAX_RECENT_PRODUCTS);
        assertThat(h.boughtCategories).hasSize(UserHistory.MAX_RECENT_CATEGORIES);
        assertThat(h.viewedCategoryKeys).hasSize(UserHistory.MAX_VIEWED_CATEGORIES);
        assertThat(h.viewedCategoryCounts).hasSize(UserHistory.MAX_VIEWED_CATEGORIES);
        assertThat(h.cartedProducts).isEmpty();
        // The most recent purchases are remembered: the last product bought was bought before.
        float[] again = apply(event(EventType.VIEW, "s-last", "p4999", "c1", 1.0, t));
        assertThat(again[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isEqualTo(1f);
        float[] long_ago = apply(event(EventType.VIEW, "s-last", "p1", "c1", 1.0, t + 1));
        assertThat(long_ago[FeatureSchema.PRODUCT_BOUGHT_BEFORE]).isZero();
    }
}
