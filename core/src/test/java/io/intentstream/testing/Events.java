package io.intentstream.testing;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventIds;
import io.intentstream.events.EventType;
import java.time.Instant;

/**
 * Event factories for scenario tests: {@code view(SESSION, "p1", 10.0, START)}, {@code cart(...)}, and a
 * {@link Builder} for the optional fields.
 *
 * <p>Events get their id the way the parsers give one to an event without {@code event_id}
 * ({@link EventIds#derive}), so two factory calls with identical content are the same event, as in production.
 */
public final class Events {
    public static final String SESSION = "session-1";
    public static final String OTHER_SESSION = "session-2";
    public static final String USER = "user-1";
    /** Marks an absent price, as the parsers do. */
    public static final double NO_PRICE = Double.NaN;

    private Events() {}

    public static ClickEvent view(String session, String product, double price, Instant at) {
        return event(EventType.VIEW, at).session(session).product(product).price(price).build();
    }

    public static ClickEvent cart(String session, String product, double price, Instant at) {
        return event(EventType.CART, at).session(session).product(product).price(price).build();
    }

    public static ClickEvent remove(String session, String product, double price, Instant at) {
        return event(EventType.REMOVE_FROM_CART, at).session(session).product(product).price(price).build();
    }

    public static ClickEvent purchase(String session, String product, double price, Instant at) {
        return event(EventType.PURCHASE, at).session(session).product(product).price(price).build();
    }

    /** A builder for an event of {@link #USER} in {@link #SESSION}, without product or price until set. */
    public static Builder event(EventType type, Instant at) {
        return new Builder(type, at);
    }

    /** A field-by-field copy, for tests that mutate one field of an otherwise equal event. */
    public static ClickEvent copy(ClickEvent e) {
        ClickEvent c = new ClickEvent();
        c.eventId = e.eventId;
        c.eventTime = e.eventTime;
        c.eventType = e.eventType;
        c.sessionId = e.sessionId;
        c.userId = e.userId;
        c.productId = e.productId;
        c.categoryId = e.categoryId;
        c.categoryCode = e.categoryCode;
        c.brand = e.brand;
        c.price = e.price;
        c.deviceType = e.deviceType;
        c.channel = e.channel;
        return c;
    }

    /** Builds one event; unset optional fields stay absent ({@code null}, price {@code NaN}). */
    public static final class Builder {
        private final ClickEvent e = new ClickEvent();

        private Builder(EventType type, Instant at) {
            e.eventType = type;
            e.eventTime = at.toEpochMilli();
            e.sessionId = SESSION;
            e.userId = USER;
        }

        /** An explicit event id, as a producer that sends {@code event_id} would. */
        public Builder id(String eventId) {
            e.eventId = eventId;
            return this;
        }

        public Builder session(String sessionId) {
            e.sessionId = sessionId;
            return this;
        }

        public Builder user(String userId) {
            e.userId = userId;
            return this;
        }

        public Builder product(String productId) {
            e.productId = productId;
            return this;
        }

        public Builder category(String categoryId) {
            e.categoryId = categoryId;
            return this;
        }

        public Builder categoryCode(String categoryCode) {
            e.categoryCode = categoryCode;
            return this;
        }

        public Builder brand(String brand) {
            e.brand = brand;
            return this;
        }

        public Builder price(double price) {
            e.price = price;
            return this;
        }

        public Builder device(String deviceType) {
            e.deviceType = deviceType;
            return this;
        }

        public Builder channel(String channel) {
            e.channel = channel;
            return this;
        }

        public ClickEvent build() {
            ClickEvent out = copy(e);
            if (out.eventId == null) {
                out.eventId = EventIds.derive(out);
            }
            return out;
        }
    }
}
