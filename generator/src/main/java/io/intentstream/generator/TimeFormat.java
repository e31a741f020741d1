package io.intentstream.generator;

/** How event times are written in JSON. */
public enum TimeFormat {
    /** {@code 2019-10-01T00:00:00.000Z}. */
    ISO,
    /** Epoch milliseconds as a JSON number. */
    EPOCH_MS
}
