package io.intentstream.registry;

import java.util.Locale;

/** Which model scores a user, and what the shop may do with the score. */
public enum Arm {
    /** The production model: the scores the shop acts on. */
    CHAMPION,
    /** The challenger in an A/B test, for its share of users. */
    CHALLENGER,
    /** Scored by the champion but marked so that the shop withholds its intervention: the baseline of the uplift. */
    HOLDOUT,
    /** A model scoring every event beside the others, into the archive only. */
    SHADOW;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name in records and the archive, e.g. {@code champion} (one string per arm: it is written per event). */
    public String wireName() {
        return wireName;
    }
}
