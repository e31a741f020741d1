package io.intentstream.events;

import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.testing.Events;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Derived event ids: a pure function of the event's content, sensitive to every field, and unambiguous at field boundaries. */
class EventIdsTest {
    private static final ClickEvent FULL = Events.event(EventType.CART, START).id("ignored")
            .session("s-1").user("u-1").product("p-1").category("2053013555631882655").categoryCode("electronics.smartphone")
            .brand("samsung").price(174.76).device("mobile").channel("web").build();

    @Test
    void isDeterministicAndHex() {
        String id = EventIds.derive(FULL);

        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(EventIds.derive(Events.copy(FULL))).isEqualTo(id);
        // Pinned: derived ids are written to outputs and matched across job and trainer, so the rule must not
        // drift between releases or JVMs. A deliberate change must also bump the docs/events.md description.
        assertThat(id).isEqualTo("f9584084ef0532c687c56f30af7d7ee2");
    }

    @Test
    void doesNotDependOnAnExistingEventId() {
        ClickEvent other = Events.copy(FULL);
        other.eventId = "something else";

        assertThat(EventIds.derive(other)).isEqualTo(EventIds.derive(FULL));
    }

    @Test
    void changesWithEveryContentField() {
        List<Consumer<ClickEvent>> changes = List.of(
                e -> e.eventTime++,
                e -> e.eventType = EventType.VIEW,
                e -> e.sessionId = "s-2",
                e -> e.userId = "u-2",
                e -> e.productId = "p-2",
                e -> e.categoryId = "2053013555631882654",
                e -> e.categoryCode = "electronics.tablet",
                e -> e.brand = "apple",
                e -> e.price = 174.77,
                e -> e.deviceType = "desktop",
                e -> e.channel = "app");
        Set<String> ids = new HashSet<>();
        ids.add(EventIds.derive(FULL));

        for (Consumer<ClickEvent> change : changes) {
            ClickEvent e = Events.copy(FULL);
            change.accept(e);
            ids.add(EventIds.derive(e));
        }

        assertThat(ids).hasSize(changes.size() + 1);
    }

    @Test
    void absentDiffersFromEveryPresentValue() {
        ClickEvent noPrice = Events.copy(FULL);
        noPrice.price = Double.NaN;
        ClickEvent zeroPrice = Events.copy(FULL);
        zeroPrice.price = 0.0;
        ClickEvent noBrand = Events.copy(FULL);
        noBrand.brand = null;
        ClickEvent emptyBrand = Events.copy(FULL);
        emptyBrand.brand = "";

        assertThat(EventIds.derive(noPrice)).isNotEqualTo(EventIds.derive(zeroPrice));
        assertThat(EventIds.derive(noBrand)).isNotEqualTo(EventIds.derive(emptyBrand));
    }

    @Test
    void isSafeAtFieldBoundaries() {
        // Without a length prefix these pairs would serialise to the same canonical text.
        assertThat(derive("ab", "c")).isNotEqualTo(derive("a", "bc"));
        assertThat(derive("a|", "b")).isNotEqualTo(derive("a", "|b"));
        assertThat(derive("1:a", null)).isNotEqualTo(derive(null, "1:a"));
        assertThat(derive("a", null)).isNotEqualTo(derive(null, "a"));
        assertThat(derive("", "a")).isNotEqualTo(derive("a", ""));
    }

    @Test
    void manyNearbyEventsGetDistinctIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ClickEvent e = Events.copy(FULL);
            e.eventTime += i / 10;
            e.productId = "p" + (i % 10);
            ids.add(EventIds.derive(e));
        }

        assertThat(ids).hasSize(100_000);
    }

    /** An id where only the product and category id vary, the two adjacent identifier fields. */
    private static String derive(String productId, String categoryId) {
        ClickEvent e = Events.copy(FULL);
        e.productId = productId;
        e.categoryId = categoryId;
        return EventIds.derive(e);
    }
}
