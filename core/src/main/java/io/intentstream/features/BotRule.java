package io.intentstream.features;

import java.io.Serializable;

/**
 * The optional rule that judges a session automated, after which the job stops scoring it (its events
 * go to the dead letters with reason {@code bot_session}). Off unless configured.
 *
 * <p>Two independent triggers: more than {@code maxEvents} events, or at least {@code minEventsForRate}
 * events at a mean gap below {@code minMeanGapMillis}. Once judged, a session stays judged.
 */
public final class BotRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxEvents;
    private final int minEventsForRate;
    private final long minMeanGapMillis;

    /**
     * @param maxEvents 0 turns the event-count trigger off
     * @param minMeanGapMillis 0 turns the rate trigger off
     */
    public BotRule(int maxEvents, int minEventsForRate, long minMeanGapMillis) {
        if (maxEvents < 0 || minEventsForRate < 2 || minMeanGapMillis < 0) {
            throw new IllegalArgumentException("bot rule: max events >= 0, min events >= 2, min mean gap >= 0");
        }
        this.maxEvents = maxEvents;
        this.minEventsForRate = minEventsForRate;
        this.minMeanGapMillis = minMeanGapMillis;
    }

    public static BotRule off() {
        return new BotRule(0, 2, 0);
    }

    public boolean enabled() {
        return maxEvents > 0 || minMeanGapMillis > 0;
    }

    /** What the rule says about a session's latest event: it is not scored, and why. */
    public record Verdict(String reason, boolean newlyJudged) {}

    /**
     * Judges the session as of its latest event and remembers a positive judgement in the session. Returns
     * {@code null} when the event is to be scored, else why not, and whether this event tipped the session.
     */
    public Verdict verdict(SessionState s) {
        String reason = enabled() ? judge(s) : null;
        boolean newlyJudged = reason != null && !s.judgedBot;
        if (newlyJudged) {
            s.judgedBot = true;
        }
        if (!s.judgedBot) {
            return null;
        }
        // The reason is recomputed rather than kept in state; a rate trigger may no longer hold.
        return new Verdict(reason != null ? reason : "session was judged a bot earlier", newlyJudged);
    }

    /** Why the session counts as a bot, or {@code null} if it does not. */
    public String judge(SessionState s) {
        if (maxEvents > 0 && s.eventCount > maxEvents) {
            return "session has " + s.eventCount + " events, more than " + maxEvents;
        }
        if (minMeanGapMillis > 0 && s.eventCount >= minEventsForRate) {
            long span = s.lastEventTime - s.firstEventTime;
            if (span < minMeanGapMillis * (long) (s.eventCount - 1)) {
                return "session has " + s.eventCount + " events at a mean gap of "
                        + (span / (s.eventCount - 1)) + " ms, less than " + minMeanGapMillis + " ms";
            }
        }
        return null;
    }
}
