package io.intentstream.registry;

/** What a published version can be promoted to. */
public enum Stage {
    /** The champion: scores every user not in another arm, and its scores are the ones the shop acts on. */
    PRODUCTION,
    /** Scores its share of users in an A/B test against production. */
    CHALLENGER,
    /** Scores every event beside the others, into the archive only. */
    SHADOW
}
