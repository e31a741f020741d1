package io.intentstream.job.records;

/**
 * What drift and live quality are computed per: today the model version. With A/B arms (scores and outcomes that
 * carry an arm) each method here becomes version and arm, and nothing else changes.
 */
public final class MonitoredGroup {
    private MonitoredGroup() {}

    public static String of(ScoreRecord score) {
        return score.modelVersion;
    }

    public static String of(SessionOutcome outcome) {
        return outcome.modelVersion;
    }
}
