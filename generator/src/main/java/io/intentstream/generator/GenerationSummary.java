package io.intentstream.generator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Counts from one generation run, plus the structural memory figures the constant-memory test checks. */
public final class GenerationSummary {
    private final long events;
    private final long lines;
    private final long sessions;
    private final long botSessions;
    private final long convertedSessions;
    private final long duplicates;
    private final long outOfOrder;
    private final long late;
    private final Map<MalformedKind, Long> malformed;
    private final int maxActiveSessions;
    private final int maxDelayedLines;
    private final long elapsedNanos;

    GenerationSummary(GenerationEngine engine, long convertedSessions, long elapsedNanos) {
        this.events = engine.events;
        this.lines = engine.lines;
        this.sessions = engine.sessions;
        this.botSessions = engine.botSessions;
        this.convertedSessions = convertedSessions;
        this.duplicates = engine.duplicates;
        this.outOfOrder = engine.outOfOrderCount;
        this.late = engine.lateCount;
        Map<MalformedKind, Long> m = new EnumMap<>(MalformedKind.class);
        for (MalformedKind k : MalformedKind.values()) {
            m.put(k, engine.malformedByKind[k.ordinal()]);
        }
        this.malformed = Collections.unmodifiableMap(m);
        this.maxActiveSessions = engine.maxActiveSessions;
        this.maxDelayedLines = engine.maxDelayed;
        this.elapsedNanos = elapsedNanos;
    }

    /** Distinct events generated (each written once, delayed or not; duplicates not counted). */
    public long events() {
        return events;
    }

    /** Lines written: events, duplicates and malformed lines (a CSV header not counted). */
    public long lines() {
        return lines;
    }

    public long sessions() {
        return sessions;
    }

    public long botSessions() {
        return botSessions;
    }

    public long convertedSessions() {
        return convertedSessions;
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long late() {
        return late;
    }

    public Map<MalformedKind, Long> malformedByKind() {
        return malformed;
    }

    public long malformed() {
        long sum = 0;
        for (long v : malformed.values()) {
            sum += v;
        }
        return sum;
    }

    /** The most sessions that were open at once: the generator's working set. */
    public int maxActiveSessions() {
        return maxActiveSessions;
    }

    /** The most events held back at once for out-of-order and late delivery. */
    public int maxDelayedLines() {
        return maxDelayedLines;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** Events per second of wall-clock time. */
    public double eventsPerSecond() {
        return elapsedNanos == 0 ? 0 : events * 1e9 / elapsedNanos;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%,d events, %,d lines, %,d sessions (%,d bots, %,d converted), %,d duplicates, %,d out of order,"
                        + " %,d late, %,d malformed; max %,d active sessions, max %,d held-back lines; %.2f s, %,.0f events/s",
                events, lines, sessions, botSessions, convertedSessions, duplicates, outOfOrder, late, malformed(),
                maxActiveSessions, maxDelayedLines, elapsedNanos / 1e9, eventsPerSecond());
    }
}
