package io.intentstream.generator;

/** The checks the configuration records share; each failure names the option, as the user wrote it. */
final class Check {
    private Check() {}

    static void that(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static void probability(double value, String option) {
        that(value >= 0 && value <= 1, option + " must be in [0, 1]");
    }
}
