package io.intentstream.events;

import java.util.Comparator;

/**
 * The order in which a user's events are applied, by the job and by the trainer alike: event time, then
 * event type (view, cart, remove, purchase: the funnel's order when a tracker stamps several events with
 * the same time), then event id.
 *
 * <p>Being a total order on event content, it makes features independent of arrival order: a
 * shuffled stream yields the same features as the time-ordered history.
 */
public final class EventOrder {
    public static final Comparator<ClickEvent> COMPARATOR = Comparator.<ClickEvent>comparingLong(e -> e.eventTime)
            .thenComparingInt(e -> e.eventType.ordinal())
            .thenComparing(e -> e.eventId);

    private EventOrder() {}
}
