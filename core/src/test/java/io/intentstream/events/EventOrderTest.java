package io.intentstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventOrderTest {
    private static ClickEvent event(long time, EventType type, String id) {
        ClickEvent e = new ClickEvent();
        e.eventTime = time;
        e.eventType = type;
        e.eventId = id;
        return e;
    }

    @Test
    void ordersByTimeThenFunnelStepThenId() {
        List<ClickEvent> expected = List.of(
                event(-5, EventType.PURCHASE, "a"),
                event(1, EventType.VIEW, "z"),
                event(1, EventType.CART, "a"),
                event(1, EventType.CART, "b"),
                event(1, EventType.REMOVE_FROM_CART, "a"),
                event(1, EventType.PURCHASE, "a"),
                event(Long.MAX_VALUE, EventType.VIEW, "a"));
        for (long seed = 0; seed < 20; seed++) {
            List<ClickEvent> shuffled = new ArrayList<>(expected);
            Collections.shuffle(shuffled, new Random(seed));
            shuffled.sort(EventOrder.COMPARATOR);
            assertThat(shuffled).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void isAntisymmetricAndZeroOnlyForTheSameKey() {
        ClickEvent a = event(7, EventType.CART, "x");
        ClickEvent b = event(7, EventType.CART, "y");
        assertThat(Integer.signum(EventOrder.COMPARATOR.compare(a, b))).isEqualTo(-Integer.signum(EventOrder.COMPARATOR.compare(b, a)));
        assertThat(EventOrder.COMPARATOR.compare(a, event(7, EventType.CART, "x"))).isZero();
        assertThat(EventOrder.COMPARATOR.compare(a, b)).isNegative();
    }

    @Test
    void isBeforeAgreesWithTheComparatorAndIsStrict() {
        List<ClickEvent> events = List.of(event(1, EventType.VIEW, "z"), event(1, EventType.CART, "a"),
                event(1, EventType.CART, "b"), event(2, EventType.VIEW, "a"));
        for (ClickEvent e : events) {
            for (ClickEvent latest : events) {
                assertThat(EventOrder.isBefore(e, latest.eventTime, latest.eventType, latest.eventId))
                        .as("%s before %s", e.eventId + e.eventTime, latest.eventId + latest.eventTime)
                        .isEqualTo(EventOrder.COMPARATOR.compare(e, latest) < 0);
            }
        }
    }
}
