package io.intentstream.model;

import java.util.Arrays;

/**
 * A monotone map from a model's margin (log-odds) to a calibrated propensity, fitted by the trainer on the
 * validation sessions and kept in bundle.json; both scorers apply it after the margin, so it adds no
 * difference between them: with equal margins, the same double arithmetic gives the same float.
 *
 * <p>Two forms: {@link Method#ISOTONIC}, a piecewise-linear curve through knots (margin, propensity) with
 * propensities non-decreasing, constant beyond the first and last knot; {@link Method#PLATT},
 * {@code 1 / (1 + exp(-(slope * margin + intercept)))} with a positive slope. Interpolating between the knots
 * rather than stepping keeps distinct margins distinct inside the fitted range, so ranking metrics barely
 * move. Instances are immutable.
 */
public final class Calibration implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** How the map is defined. */
    public enum Method {
        ISOTONIC,
        PLATT;

        String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Method method;
    private final float[] knotMargins;
    private final double[] knotPropensities;
    private final double slope;
    private final double intercept;

    private Calibration(Method method, float[] knotMargins, double[] knotPropensities, double slope, double intercept) {
        this.method = method;
        this.knotMargins = knotMargins;
        this.knotPropensities = knotPropensities;
        this.slope = slope;
        this.intercept = intercept;
    }

    /**
     * An isotonic curve through the knots.
     *
     * @throws BundleException unless the margins are finite and strictly ascending and the propensities
     *     non-decreasing in [0, 1]
     */
    public static Calibration isotonic(float[] margins, double[] propensities) {
        if (margins.length == 0 || margins.length != propensities.length) {
            throw new BundleException("isotonic calibration needs as many propensities as margins, at least one; got "
                    + margins.length + " margins and " + propensities.length + " propensities");
        }
        for (int i = 0; i < margins.length; i++) {
            if (!Float.isFinite(margins[i]) || (i > 0 && !(margins[i] > margins[i - 1]))) {
                throw new BundleException("isotonic calibration margins must be finite and strictly ascending; knot "
                        + i + " is " + margins[i]);
            }
            if (!(propensities[i] >= 0 && propensities[i] <= 1) || (i > 0 && propensities[i] < propensities[i - 1])) {
                throw new BundleException("isotonic calibration propensities must be non-decreasing in [0, 1]; knot "
                        + i + " is " + propensities[i]);
            }
        }
        return new Calibration(Method.ISOTONIC, margins.clone(), propensities.clone(), Double.NaN, Double.NaN);
    }

    /** Platt scaling; the slope must be positive so that the order of margins is kept. */
    public static Calibration platt(double slope, double intercept) {
        if (!(slope > 0) || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new BundleException("Platt calibration needs a finite positive slope and a finite intercept; got slope "
                    + slope + ", intercept " + intercept);
        }
        return new Calibration(Method.PLATT, null, null, slope, intercept);
    }

    /** The calibration a bundle.json section describes, checked; {@code null} for {@code null}. */
    public static Calibration fromJson(BundleMetadata.CalibrationJson json) {
        if (json == null) {
            return null;
        }
        if ("isotonic".equals(json.method)) {
            if (json.margins == null || json.propensities == null) {
                throw new BundleException("isotonic calibration lacks its margins or propensities");
            }
            float[] margins = new float[json.margins.size()];
            double[] propensities = new double[json.propensities.size()];
            for (int i = 0; i < margins.length; i++) {
                Float m = json.margins.get(i);
                margins[i] = m == null ? Float.NaN : m;
            }
            for (int i = 0; i < propensities.length; i++) {
                Double p = json.propensities.get(i);
                propensities[i] = p == null ? Double.NaN : p;
            }
            return isotonic(margins, propensities);
        }
        if ("platt".equals(json.method)) {
            if (json.slope == null || json.intercept == null) {
                throw new BundleException("Platt calibration lacks its slope or intercept");
            }
            return platt(json.slope, json.intercept);
        }
        throw new BundleException("unknown calibration method '" + json.method + "'; this engine applies isotonic and platt");
    }

    /** The bundle.json section for this calibration (how it was fitted is for the caller to add). */
    public BundleMetadata.CalibrationJson toJson() {
        BundleMetadata.CalibrationJson json = new BundleMetadata.CalibrationJson();
        json.method = method.jsonName();
        if (method == Method.ISOTONIC) {
            json.margins = new java.util.ArrayList<>(knotMargins.length);
            json.propensities = new java.util.ArrayList<>(knotPropensities.length);
            for (int i = 0; i < knotMargins.length; i++) {
                json.margins.add(knotMargins[i]);
                json.propensities.add(knotPropensities[i]);
            }
        } else {
            json.slope = slope;
            json.intercept = intercept;
        }
        return json;
    }

    /** The calibrated propensity for a margin. */
    public float apply(float margin) {
        if (method == Method.PLATT) {
            // StrictMath: the same float on every JVM and CPU, as the scorers' own sigmoid.
            return (float) (1.0 / (1.0 + StrictMath.exp(-(slope * margin + intercept))));
        }
        int last = knotMargins.length - 1;
        if (!(margin > knotMargins[0])) {
            return (float) knotPropensities[0];
        }
        if (margin >= knotMargins[last]) {
            return (float) knotPropensities[last];
        }
        int i = Arrays.binarySearch(knotMargins, margin);
        if (i >= 0) {
            return (float) knotPropensities[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = ((double) margin - knotMargins[lo]) / ((double) knotMargins[hi] - knotMargins[lo]);
        return (float) (knotPropensities[lo] + t * (knotPropensities[hi] - knotPropensities[lo]));
    }

    public Method method() {
        return method;
    }

    /** Knots of an isotonic curve (empty for Platt). */
    public int knots() {
        return knotMargins == null ? 0 : knotMargins.length;
    }

    @Override
    public String toString() {
        return method == Method.PLATT ? "Calibration{platt, slope=" + slope + ", intercept=" + intercept + "}"
                : "Calibration{isotonic, " + knotMargins.length + " knots}";
    }
}
