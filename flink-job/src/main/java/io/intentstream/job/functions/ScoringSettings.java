package io.intentstream.job.functions;

import io.intentstream.events.ApplyOrder;
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
        boolean loadModelsInBackground) implements Serializable {}
