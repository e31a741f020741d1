package io.intentstream.events;

/** In which order a user's events are applied to its state, by the job and by the replay alike. */
public enum ApplyOrder {
    /**
     * As they arrive (the replay: as they stand in the input): each event is applied and scored at once. When a
     * user's events arrive in {@link EventOrder}, as a topic keyed by user delivers them, the result is that of
     * {@link #EVENT_TIME}; an event behind one applied before it is still applied, and counted.
     */
    ARRIVAL,
    /** In {@link EventOrder}: events wait until the watermark passes them, so arrival order never matters. */
    EVENT_TIME
}
