package io.intentstream.generator;

/**
 * How sessions behave: the share of purchase missions, the intent of missions and browsing, and how
 * intent shows in carts, repeat views, category focus, pace and device. Components are named after
 * their options (docs/generator.md, "Intent and behaviour").
 *
 * @param missionIntent mean log-odds of purchase of a mission session
 * @param browseIntent mean log-odds of purchase of a browsing session
 * @param viewGapMedian median time between two views of a session, in seconds
 */
public record Behaviour(double missionShare, double missionIntent, double browseIntent, double userPropensitySpread,
        double sessionIntentSpread, double cartPropensity, double removeProbability, double repeatViewProbability,
        double categorySwitchProbability, double viewGapMedian, double mobileShare) {

    public Behaviour {
        Check.that(missionShare > 0 && missionShare < 1, "mission-share must be in (0, 1)");
        Check.that(userPropensitySpread >= 0 && sessionIntentSpread >= 0, "intent spreads must not be negative");
        Check.that(cartPropensity >= 0, "cart-propensity must not be negative");
        Check.probability(removeProbability, "remove-probability");
        Check.probability(repeatViewProbability, "repeat-view-probability");
        Check.probability(categorySwitchProbability, "category-switch-probability");
        Check.that(viewGapMedian >= 1 && viewGapMedian <= 3600, "view-gap-median must be in [1, 3600] seconds");
        Check.probability(mobileShare, "mobile-share");
    }
}
