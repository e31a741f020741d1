package io.intentstream.job.functions;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.Hashing;
import io.intentstream.features.BotRule;
import java.io.Serializable;

/**
 * How the scoring operator works, from the job's options.
 *
 * @param maxHoldMillis arrival order, scorers that prefer batches: how long a row may wait for others; 0 scores at once
 * @param loadModelsInBackground build new models on a loader thread (the job); false builds them on the scoring
 *     thread at once (harness tests, which want the swap at a known point)
 */
public record ScoringSettings(BotRule botRule, int maxDeadLetterRawChars, ApplyOrder applyOrder, long maxHoldMillis,
        boolean loadModelsInBackground, Explain explain) implements Serializable {

    /** Settings that explain no score. */
    public ScoringSettings(BotRule botRule, int maxDeadLetterRawChars, ApplyOrder applyOrder, long maxHoldMillis,
            boolean loadModelsInBackground) {
        this(botRule, maxDeadLetterRawChars, applyOrder, maxHoldMillis, loadModelsInBackground, Explain.OFF);
    }

    /**
     * Reason codes: the top {@code topK} features of a score, for the share of events whose id hashes below
     * {@code share}, so that a rerun explains the same events.
     */
    public record Explain(int topK, double share) implements Serializable {
        public static final Explain OFF = new Explain(0, 0.0);

        public Explain {
            if (topK < 0) {
                throw new IllegalArgumentException("--explain must be 0 (off) or a positive number of reasons, got " + topK);
            }
            if (topK > 0 && !(share > 0.0 && share <= 1.0)) {
                throw new IllegalArgumentException("--explain-share must be in (0, 1], got " + share);
            }
        }

        public boolean on() {
            return topK > 0;
        }

        /** Whether to explain the event with this id: its hash, as a fraction of the range, is below the share. */
        public boolean covers(String eventId) {
            return share >= 1.0 || (Hashing.hash64(eventId) >>> 11) * 0x1.0p-53 < share;
        }
    }
}
