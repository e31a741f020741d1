package io.intentstream.features;

import static io.intentstream.features.FeatureSchema.DISTINCT_BRANDS;
import static io.intentstream.features.FeatureSchema.DISTINCT_CATEGORIES;
import static io.intentstream.features.FeatureSchema.DISTINCT_PRODUCTS;
import static io.intentstream.features.FeatureSchema.EVENT_COUNT;
import static io.intentstream.features.FeatureSchema.PRODUCT_IN_CART;
import static io.intentstream.features.FeatureSchema.PRODUCT_VIEWS;
import static io.intentstream.features.FeatureSchema.SECS_SINCE_PRODUCT_LAST_VIEWED;
import static io.intentstream.features.FeatureSchema.VIEW_COUNT;
import static io.intentstream.testing.Events.SESSION;
import static io.intentstream.testing.Events.event;
import static io.intentstream.testing.Events.view;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.testing.SessionReplay;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Per-session state stays bounded however long a session runs: the product, category and brand tables and the
 * dedup ring stop growing at their caps (docs/features.md, "State size").
 */
class SessionCapsTest {
    private static final long DAY = Duration.ofHours(24).toMillis();

    @Test
    void distinctCountsSaturateAtTheCapsAndArraysNeverExceedThem() {
        FeatureConfig small = new FeatureConfig("UTC", DAY, 4, 3, 2, 5);
        SessionReplay r = new SessionReplay(new SessionFeatureEngine(small));

        for (int i = 0; i < 10; i++) {
            r.apply(event(EventType.VIEW, START.plusSeconds(i))
                    .product("p" + i).category("c" + i).brand("b" + i).price(1.0).build());
        }

        assertThat(r.last(DISTINCT_PRODUCTS)).isEqualTo(4f);
        assertThat(r.last(DISTINCT_CATEGORIES)).isEqualTo(3f);
        assertThat(r.last(DISTINCT_BRANDS)).isEqualTo(2f);
        assertThat(r.last(EVENT_COUNT)).as("counts do not saturate").isEqualTo(10f);
        SessionState s = r.state();
        assertThat(s.productKeys).hasSize(4);
        assertThat(s.productViews).hasSize(4);
        assertThat(s.productLastViewTime).hasSize(4);
        assertThat(s.productNetCarts).hasSize(4);
        assertThat(s.categoryKeys).hasSize(3);
        assertThat(s.brandKeys).hasSize(2);
        assertThat(s.recentEventIds).hasSize(5);
        assertThat(s.recentEventIdCount).isEqualTo(5);
    }

    @Test
    void aProductBeyondTheCapHasMissingPerProductFeatures() {
        FeatureConfig small = new FeatureConfig("UTC", DAY, 2, 64, 64, 256);
        SessionReplay r = new SessionReplay(new SessionFeatureEngine(small));
        r.apply(view(SESSION, "p1", 1.0, START));
        r.apply(view(SESSION, "p2", 1.0, START.plusSeconds(1)));

        float[] untracked = r.apply(view(SESSION, "p3", 1.0, START.plusSeconds(2)));
        float[] untrackedAgain = r.apply(view(SESSION, "p3", 1.0, START.plusSeconds(3)));
        float[] tracked = r.apply(view(SESSION, "p1", 1.0, START.plusSeconds(10)));

        // Saturation: a product that found the table full is unknown, not "never viewed".
        assertThat(untracked[PRODUCT_VIEWS]).isNaN();
        assertThat(untracked[SECS_SINCE_PRODUCT_LAST_VIEWED]).isNaN();
        assertThat(untracked[PRODUCT_IN_CART]).isNaN();
        assertThat(untrackedAgain[PRODUCT_VIEWS]).isNaN();
        assertThat(untrackedAgain[VIEW_COUNT]).as("session counts still move").isEqualTo(4f);
        // Products that made it into the table keep exact per-product features.
        assertThat(tracked[PRODUCT_VIEWS]).isEqualTo(2f);
        assertThat(tracked[SECS_SINCE_PRODUCT_LAST_VIEWED]).isEqualTo(10f);
        assertThat(tracked[PRODUCT_IN_CART]).isZero();
        assertThat(tracked[DISTINCT_PRODUCTS]).isEqualTo(2f);
    }

    @Test
    void arraysGrowToExactlyACapThatIsNotAPowerOfTwo() {
        FeatureConfig odd = new FeatureConfig("UTC", DAY, 100, 37, 3, 10);
        SessionReplay r = new SessionReplay(new SessionFeatureEngine(odd));

        for (int i = 0; i < 1_000; i++) {
            r.apply(event(EventType.VIEW, START.plusMillis(i)).product("p" + i).category("c" + i).brand("b" + i).build());
        }

        assertThat(r.state().productKeys).hasSize(100);
        assertThat(r.state().categoryKeys).hasSize(37);
        assertThat(r.state().brandKeys).hasSize(3);
        assertThat(r.state().recentEventIds).hasSize(10);
    }

    @Test
    void arraysStaySmallBeforeTheCap() {
        SessionReplay r = new SessionReplay(new SessionFeatureEngine(FeatureConfig.defaults()));

        for (int i = 0; i < 5; i++) {
            r.apply(event(EventType.VIEW, START.plusSeconds(i)).product("p" + i).category("c" + i).build());
        }

        // Growth doubles from 4, so a short session does not pay for the caps.
        assertThat(r.state().productKeys).hasSize(8);
        assertThat(r.state().categoryKeys).hasSize(8);
        assertThat(r.state().brandKeys).isEmpty();
        assertThat(r.state().recentEventIds).hasSize(8);
    }

    @Test
    void theDedupRingKeepsExactlyTheLastWindowIds() {
        FeatureConfig config = new FeatureConfig("UTC", DAY, 128, 64, 64, 4);
        SessionFeatureEngine engine = new SessionFeatureEngine(config);
        SessionReplay r = new SessionReplay(engine);
        ClickEvent[] events = new ClickEvent[11];
        for (int i = 0; i < events.length; i++) {
            events[i] = view(SESSION, "p" + i, 1.0, START.plusSeconds(i));
            r.apply(events[i]);
        }

        for (int i = 0; i < events.length; i++) {
            assertThat(engine.isDuplicate(r.state(), events[i])).as("event %d", i).isEqualTo(i >= 7);
        }
        assertThat(r.state().recentEventIds).hasSize(4);
    }

    @Test
    void aBotSessionAtTheDefaultCapsHoldsAFixedPrimitivePayload() {
        SessionFeatureEngine engine = new SessionFeatureEngine(FeatureConfig.defaults());
        SessionState s = null;
        UserHistory history = new UserHistory();
        float[] out = new float[FeatureSchema.SIZE];
        for (int i = 0; i < 100_000; i++) {
            ClickEvent e = event(i % 3 == 0 ? EventType.CART : EventType.VIEW, START.plusMillis(i * 10L))
                    .product("p" + i).category("c" + (i % 1_000)).brand("b" + (i % 500)).price(i % 97).build();
            s = s == null ? engine.newSession(history, e) : s;
            engine.apply(history, s, e, out);
        }

        assertThat(s.eventCount).isEqualTo(100_000);
        assertThat(s.productCount).isEqualTo(FeatureConfig.DEFAULT_MAX_TRACKED_PRODUCTS);
        assertThat(s.categoryCount).isEqualTo(FeatureConfig.DEFAULT_MAX_TRACKED_CATEGORIES);
        assertThat(s.brandCount).isEqualTo(FeatureConfig.DEFAULT_MAX_TRACKED_BRANDS);
        assertThat(s.recentEventIdCount).isEqualTo(FeatureConfig.DEFAULT_DEDUP_WINDOW);
        // docs/features.md: 128 x (8 + 4 + 8 + 4) + 64 x 8 + 64 x 8 + 256 x 8 = 6,144 bytes of arrays.
        long arrayBytes = 8L * s.productKeys.length + 4L * s.productViews.length + 8L * s.productLastViewTime.length
                + 4L * s.productNetCarts.length + 8L * s.categoryKeys.length + 8L * s.brandKeys.length
                + 8L * s.recentEventIds.length;
        assertThat(arrayBytes).isEqualTo(6_144L);
    }
}
