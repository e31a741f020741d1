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
    /** Written out rather than composed from key extractors: the job's watermark queue calls it per event. */
    public static final Comparator<ClickEvent> COMPARATOR = (a, b) -> {
        if (a.eventTime != b.eventTime) {
            return a.eventTime < b.eventTime ? -1 : 1;
        }
        int byType = Integer.compare(a.eventType.ordinal(), b.eventType.ordinal());
        return byType != 0 ? byType : a.eventId.compareTo(b.eventId);
    };

    /** Whether {@code e} comes before the event with this time, type and id (a user's latest applied event, say). */
    public static boolean isBefore(ClickEvent e, long time, EventType type, String eventId) {
        if (e.eventTime != time) {
            return e.eventTime < time;
        }
        int byType = Integer.compare(e.eventType.ordinal(), type.ordinal());
        return byType != 0 ? byType < 0 : e.eventId.compareTo(eventId) < 0;
    }

    private EventOrder() {}
}
