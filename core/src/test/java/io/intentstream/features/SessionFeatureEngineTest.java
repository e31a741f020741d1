package io.intentstream.features;

import static io.intentstream.features.FeatureSchema.*;
import static io.intentstream.testing.Events.NO_PRICE;
import static io.intentstream.testing.Events.SESSION;
import static io.intentstream.testing.Events.cart;
import static io.intentstream.testing.Events.event;
import static io.intentstream.testing.Events.purchase;
import static io.intentstream.testing.Events.remove;
import static io.intentstream.testing.Events.view;
import static io.intentstream.testing.Instants.*;
import static io.intentstream.testing.SessionReplay.replay;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.EventType;
import io.intentstream.testing.SessionReplay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every feature of {@link FeatureSchema}, its exact value over a short scenario, and its missing-value rule
 * (docs/features.md). Calendar features are in {@link CalendarFeaturesTest}.
 */
class SessionFeatureEngineTest {

    @Test
    void everyFeatureIsWrittenOnEveryEvent() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                event(EventType.CART, PLUS_10S).build(),
                remove(SESSION, "p1", NO_PRICE, PLUS_30S),
                purchase(SESSION, "p9", 5.0, PLUS_1M));

        for (float[] v : r.vectors()) {
            assertThat(v).doesNotContain(SessionReplay.UNWRITTEN);
        }
    }

    @Test
    void countsIncludeTheCurrentEventByType() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                view(SESSION, "p2", 20.0, PLUS_1S),
                cart(SESSION, "p2", 20.0, PLUS_2S),
                remove(SESSION, "p2", 20.0, PLUS_10S),
                purchase(SESSION, "p1", 10.0, PLUS_30S));

        assertThat(column(r, EVENT_COUNT)).containsExactly(1f, 2f, 3f, 4f, 5f);
        assertThat(column(r, VIEW_COUNT)).containsExactly(1f, 2f, 2f, 2f, 2f);
        assertThat(column(r, CART_COUNT)).containsExactly(0f, 0f, 1f, 1f, 1f);
        assertThat(column(r, REMOVE_COUNT)).containsExactly(0f, 0f, 0f, 1f, 1f);
    }

    @Test
    void distinctCountsCountEachProductCategoryAndBrandOnceAndIgnoreAbsentValues() {
        SessionReplay r = replay(
                event(EventType.VIEW, START).product("p1").category("2053013555631882655").brand("samsung").build(),
                event(EventType.VIEW, PLUS_1S).product("p2").category("2053013555631882655").brand("apple").build(),
                event(EventType.CART, PLUS_2S).product("p1").category("2053013555631882655").brand("samsung").build(),
                event(EventType.VIEW, PLUS_10S).build(),
                event(EventType.VIEW, PLUS_30S).product("p3").category("2053013563810775923").build());

        assertThat(column(r, DISTINCT_PRODUCTS)).containsExactly(1f, 2f, 2f, 2f, 3f);
        assertThat(column(r, DISTINCT_CATEGORIES)).containsExactly(1f, 1f, 1f, 1f, 2f);
        assertThat(column(r, DISTINCT_BRANDS)).containsExactly(1f, 2f, 2f, 2f, 2f);
    }

    @Test
    void sessionAgeIsSecondsSinceTheFirstEvent() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                view(SESSION, "p2", 10.0, PLUS_30S),
                view(SESSION, "p3", 10.0, PLUS_1H));

        assertThat(column(r, SESSION_AGE_S)).containsExactly(0f, 30f, 3600f);
    }

    @Test
    void timeSincePreviousEventIsMissingAtTheFirstEventThenTheGapInSeconds() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                view(SESSION, "p2", 10.0, PLUS_10S),
                view(SESSION, "p3", 10.0, PLUS_10S),
                view(SESSION, "p4", 10.0, PLUS_1M));

        assertThat(r.feature(0, SECS_SINCE_PREV_EVENT)).isNaN();
        assertThat(r.feature(1, SECS_SINCE_PREV_EVENT)).isEqualTo(10f);
        assertThat(r.feature(2, SECS_SINCE_PREV_EVENT)).as("same-millisecond events").isEqualTo(0f);
        assertThat(r.feature(3, SECS_SINCE_PREV_EVENT)).isEqualTo(50f);
    }

    @Test
    void timesKeepMillisecondPrecision() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                view(SESSION, "p2", 10.0, plusMillis(START, 1_500)));

        assertThat(r.last(SECS_SINCE_PREV_EVENT)).isEqualTo(1.5f);
        assertThat(r.last(SESSION_AGE_S)).isEqualTo(1.5f);
    }

    @Test
    void meanGapIsMissingAtTheFirstEventThenAgeOverGaps() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                view(SESSION, "p2", 10.0, PLUS_10S),
                view(SESSION, "p3", 10.0, PLUS_30S),
                view(SESSION, "p4", 10.0, PLUS_1M));

        assertThat(r.feature(0, MEAN_GAP_S)).isNaN();
        assertThat(r.feature(1, MEAN_GAP_S)).isEqualTo(10f);
        assertThat(r.feature(2, MEAN_GAP_S)).isEqualTo(15f);
        assertThat(r.feature(3, MEAN_GAP_S)).isEqualTo(20f);
    }

    @Test
    void cartToViewRatioDividesByAtLeastOneView() {
        SessionReplay r = replay(
                cart(SESSION, "p1", 10.0, START),
                cart(SESSION, "p2", 10.0, PLUS_1S),
                view(SESSION, "p1", 10.0, PLUS_2S),
                view(SESSION, "p2", 10.0, PLUS_10S),
                view(SESSION, "p3", 10.0, PLUS_30S),
                view(SESSION, "p4", 10.0, PLUS_1M));

        // With no views yet the denominator is 1, so the ratio is the cart count, never NaN or infinite.
        assertThat(column(r, CART_TO_VIEW_RATIO)).containsExactly(1f, 2f, 2f, 1f, 2f / 3f, 0.5f);
    }

    @Test
    void cartToViewRatioIsZeroInAViewOnlySession() {
        SessionReplay r = replay(view(SESSION, "p1", 10.0, START));

        assertThat(r.last(CART_TO_VIEW_RATIO)).isZero();
    }

    @Test
    void cartValueAddsCartsSubtractsRemovesAndNeverGoesNegative() {
        SessionReplay r = replay(
                cart(SESSION, "p1", 30.0, START),
                cart(SESSION, "p2", 12.5, PLUS_1S),
                remove(SESSION, "p1", 30.0, PLUS_2S),
                remove(SESSION, "p2", 12.5, PLUS_10S),
                // A remove of something carted before the session started (or twice) would go below zero.
                remove(SESSION, "p3", 99.0, PLUS_30S),
                cart(SESSION, "p4", 5.0, PLUS_1M));

        assertThat(column(r, CART_VALUE)).containsExactly(30f, 42.5f, 12.5f, 0f, 0f, 5f);
    }

    @Test
    void cartValueIgnoresUnpricedCartsAndRemovesAndPurchasesDoNotEmptyIt() {
        SessionReplay r = replay(
                cart(SESSION, "p1", 30.0, START),
                cart(SESSION, "p2", NO_PRICE, PLUS_1S),
                remove(SESSION, "p1", NO_PRICE, PLUS_2S),
                purchase(SESSION, "p1", 30.0, PLUS_10S));

        assertThat(column(r, CART_VALUE)).containsExactly(30f, 30f, 30f, 30f);
    }

    @Test
    void viewPricesAreMissingUntilAPricedViewAndIgnoreOtherEventTypes() {
        SessionReplay r = replay(
                cart(SESSION, "p0", 500.0, START),
                view(SESSION, "p1", NO_PRICE, PLUS_1S),
                view(SESSION, "p2", 10.0, PLUS_2S),
                view(SESSION, "p3", 40.0, PLUS_10S),
                view(SESSION, "p4", 25.0, PLUS_30S),
                purchase(SESSION, "p0", 500.0, PLUS_1M));

        assertThat(r.feature(0, MAX_VIEW_PRICE)).isNaN();
        assertThat(r.feature(0, MEAN_VIEW_PRICE)).isNaN();
        assertThat(r.feature(1, MAX_VIEW_PRICE)).as("a view without price").isNaN();
        assertThat(r.feature(1, MEAN_VIEW_PRICE)).isNaN();
        assertThat(column(r, MAX_VIEW_PRICE).subList(2, 6)).containsExactly(10f, 40f, 40f, 40f);
        // The unpriced view is not in the mean's denominator: (10 + 40 + 25) / 3.
        assertThat(column(r, MEAN_VIEW_PRICE).subList(2, 6)).containsExactly(10f, 25f, 25f, 25f);
    }

    @Test
    void zeroPricedViewsCountInMaxAndMean() {
        SessionReplay r = replay(view(SESSION, "p1", 0.0, START), view(SESSION, "p2", 0.0, PLUS_1S));

        assertThat(r.last(MAX_VIEW_PRICE)).isZero();
        assertThat(r.last(MEAN_VIEW_PRICE)).isZero();
    }

    @Test
    void priceIsTheCurrentEventsPriceOrMissing() {
        SessionReplay r = replay(
                view(SESSION, "p1", 19.99, START),
                cart(SESSION, "p1", NO_PRICE, PLUS_1S),
                purchase(SESSION, "p1", 19.99, PLUS_2S));

        assertThat(r.feature(0, PRICE)).isEqualTo(19.99f);
        assertThat(r.feature(1, PRICE)).isNaN();
        assertThat(r.feature(2, PRICE)).isEqualTo(19.99f);
    }

    @Test
    void priceRatioComparesTheCurrentPriceWithTheMeanViewPriceIncludingThisView() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                view(SESSION, "p2", 30.0, PLUS_1S),
                cart(SESSION, "p3", 40.0, PLUS_2S),
                cart(SESSION, "p4", NO_PRICE, PLUS_10S));

        assertThat(r.feature(0, PRICE_VS_MEAN_VIEW_PRICE)).isEqualTo(1f);
        // mean view price after the second view is 20, and this view's price is 30.
        assertThat(r.feature(1, PRICE_VS_MEAN_VIEW_PRICE)).isEqualTo(1.5f);
        assertThat(r.feature(2, PRICE_VS_MEAN_VIEW_PRICE)).isEqualTo(2f);
        assertThat(r.feature(3, PRICE_VS_MEAN_VIEW_PRICE)).as("no price").isNaN();
    }

    @Test
    void priceRatioIsMissingWithoutAPricedViewOrWhenTheMeanIsZero() {
        SessionReplay noViews = replay(cart(SESSION, "p1", 10.0, START));
        SessionReplay freeViews = replay(view(SESSION, "p1", 0.0, START), cart(SESSION, "p1", 10.0, PLUS_1S));

        assertThat(noViews.last(PRICE_VS_MEAN_VIEW_PRICE)).isNaN();
        assertThat(freeViews.last(PRICE_VS_MEAN_VIEW_PRICE)).isNaN();
    }

    @Test
    void eventTypeIsOneHot() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                cart(SESSION, "p1", 10.0, PLUS_1S),
                remove(SESSION, "p1", 10.0, PLUS_2S),
                purchase(SESSION, "p1", 10.0, PLUS_10S));

        assertThat(oneHot(r.at(0))).containsExactly(1f, 0f, 0f, 0f);
        assertThat(oneHot(r.at(1))).containsExactly(0f, 1f, 0f, 0f);
        assertThat(oneHot(r.at(2))).containsExactly(0f, 0f, 1f, 0f);
        assertThat(oneHot(r.at(3))).containsExactly(0f, 0f, 0f, 1f);
    }

    @Test
    void productViewsCountViewsOfTheCurrentProductIncludingThisOne() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                view(SESSION, "p2", 10.0, PLUS_1S),
                view(SESSION, "p1", 10.0, PLUS_2S),
                cart(SESSION, "p1", 10.0, PLUS_10S),
                cart(SESSION, "p3", 10.0, PLUS_30S),
                event(EventType.VIEW, PLUS_1M).build());

        assertThat(column(r, PRODUCT_VIEWS).subList(0, 5)).containsExactly(1f, 1f, 2f, 2f, 0f);
        assertThat(r.feature(5, PRODUCT_VIEWS)).as("event without product").isNaN();
    }

    @Test
    void timeSinceProductLastViewedLooksAtEarlierViewsOfThisProductOnly() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                view(SESSION, "p2", 10.0, PLUS_10S),
                view(SESSION, "p1", 10.0, PLUS_30S),
                cart(SESSION, "p1", 10.0, PLUS_1M),
                cart(SESSION, "p3", 10.0, PLUS_1H),
                event(EventType.VIEW, PLUS_23H).build());

        assertThat(r.feature(0, SECS_SINCE_PRODUCT_LAST_VIEWED)).as("first view of p1").isNaN();
        assertThat(r.feature(1, SECS_SINCE_PRODUCT_LAST_VIEWED)).as("first view of p2").isNaN();
        assertThat(r.feature(2, SECS_SINCE_PRODUCT_LAST_VIEWED)).as("p1 again").isEqualTo(30f);
        // The cart is not a view, so it measures from the view at PLUS_30S.
        assertThat(r.feature(3, SECS_SINCE_PRODUCT_LAST_VIEWED)).isEqualTo(30f);
        assertThat(r.feature(4, SECS_SINCE_PRODUCT_LAST_VIEWED)).as("p3 never viewed").isNaN();
        assertThat(r.feature(5, SECS_SINCE_PRODUCT_LAST_VIEWED)).as("no product").isNaN();
    }

    @Test
    void productInCartFollowsNetCartsOfTheCurrentProduct() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, second(0)),
                cart(SESSION, "p1", 10.0, second(1)),
                cart(SESSION, "p1", 10.0, second(2)),
                remove(SESSION, "p1", 10.0, second(3)),
                view(SESSION, "p1", 10.0, second(4)),
                remove(SESSION, "p1", 10.0, second(5)),
                remove(SESSION, "p1", 10.0, second(6)),
                cart(SESSION, "p1", 10.0, second(7)),
                cart(SESSION, "p2", 10.0, second(8)),
                view(SESSION, "p1", 10.0, second(9)),
                event(EventType.VIEW, second(10)).build());

        // Two carts and one remove leave one in the cart. The extra remove at 6 does not go below zero,
        // so the single cart at 7 puts the product back in the cart.
        assertThat(column(r, PRODUCT_IN_CART).subList(0, 10)).containsExactly(0f, 1f, 1f, 1f, 1f, 0f, 0f, 1f, 1f, 1f);
        assertThat(r.feature(10, PRODUCT_IN_CART)).as("event without product").isNaN();
    }

    @Test
    void featuresReadOnlyTheirOwnSessionState() {
        SessionFeatureEngine engine = new SessionFeatureEngine(FeatureConfig.defaults());
        SessionReplay busy = new SessionReplay(engine);
        SessionReplay quiet = new SessionReplay(engine);

        busy.apply(view("busy", "p1", 10.0, START));
        busy.apply(cart("busy", "p1", 10.0, PLUS_1S));
        quiet.apply(view("quiet", "p1", 20.0, PLUS_2S));

        assertThat(quiet.last(EVENT_COUNT)).isEqualTo(1f);
        assertThat(quiet.last(CART_COUNT)).isZero();
        assertThat(quiet.last(PRODUCT_IN_CART)).isZero();
        assertThat(quiet.last(MEAN_VIEW_PRICE)).isEqualTo(20f);
    }

    @Test
    void stateRecordsFirstPurchaseForTheSessionOutcome() {
        SessionReplay r = replay(
                view(SESSION, "p1", 10.0, START),
                purchase(SESSION, "p1", 10.0, PLUS_1M),
                purchase(SESSION, "p2", 10.0, PLUS_1H));

        assertThat(r.state().converted()).isTrue();
        assertThat(r.state().firstPurchaseTime).isEqualTo(millis(PLUS_1M));
        assertThat(r.state().purchaseCount).isEqualTo(2);
        assertThat(r.state().firstEventTime).isEqualTo(millis(START));
        assertThat(r.state().lastEventTime).isEqualTo(millis(PLUS_1H));
    }

    @Test
    void aSessionWithoutPurchaseHasNotConverted() {
        SessionReplay r = replay(view(SESSION, "p1", 10.0, START), cart(SESSION, "p1", 10.0, PLUS_1S));

        assertThat(r.state().converted()).isFalse();
        assertThat(r.state().firstPurchaseTime).isEqualTo(SessionState.NO_PURCHASE);
    }

    @Test
    void expiryAndCloseTimeFollowTheConfiguredTimeout() {
        SessionFeatureEngine engine =
                new SessionFeatureEngine(FeatureConfig.defaults().withSessionTimeoutMillis(Duration.ofMinutes(30).toMillis()));
        SessionReplay r = new SessionReplay(engine);
        r.apply(view(SESSION, "p1", 10.0, START));

        assertThat(engine.closeTime(r.state())).isEqualTo(millis(PLUS_30M));
        assertThat(engine.isExpired(r.state(), millis(PLUS_29M))).isFalse();
        assertThat(engine.isExpired(r.state(), millis(PLUS_30M) - 1)).isFalse();
        assertThat(engine.isExpired(r.state(), millis(PLUS_30M))).as("exactly at the timeout").isTrue();
    }

    private static List<Float> column(SessionReplay r, int index) {
        return IntStream.range(0, r.size()).mapToObj(k -> r.feature(k, index)).collect(Collectors.toList());
    }

    private static float[] oneHot(float[] v) {
        return new float[] {v[IS_VIEW], v[IS_CART], v[IS_REMOVE_FROM_CART], v[IS_PURCHASE]};
    }

    private static Instant second(int k) {
        return START.plusSeconds(k);
    }
}
