package io.intentstream.job.records;

import io.intentstream.replay.TemporalCutoffs;
import java.util.Locale;

/**
 * The temporal split of one backfill: the two cutoffs every example's side follows from, and how many sessions fell on
 * each side (written to the output's {@code split} table).
 */
public class SplitCutoffs {
    public long cutoff;
    /** {@link TemporalCutoffs#NO_VALIDATION} when there is no validation slice. */
    public long validationCutoff;
    public long sessions;
    public long trainSessions;
    public long validationSessions;
    public long testSessions;
    public long excludedSessions;

    public SplitCutoffs() {}

    /** The side, in lower case as in the output's {@code split=} partitions, of a session with this start and end. */
    public String side(long sessionStart, long sessionEnd) {
        return TemporalCutoffs.side(sessionStart, sessionEnd, cutoff, validationCutoff).name().toLowerCase(Locale.ROOT);
    }
}
