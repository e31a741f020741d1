package io.intentstream.monitoring;

/**
 * How well the model did on the sessions that closed in one window, each scored by its last propensity before
 * conversion (the trainer's {@code test_sessions} definition): ranking (ROC and PR AUC), Brier score, and the
 * mean predicted against the observed conversion rate (calibration in the large).
 */
public record LiveQuality(long sessions, long conversions, double rocAuc, double prAuc, double brier, double meanPredicted,
        double observedRate) {}
