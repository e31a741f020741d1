package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.features.FeatureSchema;
import io.intentstream.model.BundleCompatibility;
import io.intentstream.model.BundleException;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.BundleValidation;
import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.Target;
import io.intentstream.model.XGBoostScorer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-level targets: labels from the purchases, a split no label crosses, and bundles the job can read. */
class UserTargetTrainerTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = TrainerTestSupport.START;
    private static final long HORIZON = 30 * DAY;

    @TempDir
    Path tmp;

    /**
     * Purchases by day (user/session): a/1 d0, b/4 d5, a/2 d10, c/6 d20, b/5 d38, a/3 d45, d/7 d50, d/8 d55, e/9 d60;
     * with the median quantile the cutoff is day 45, and the history ends at day 90.
     */
    private static PurchaseExamples scenario() {
        PurchaseExamples p = new PurchaseExamples(FeatureSchema.SIZE);
        String[][] purchases = {{"a", "s1", "0"}, {"b", "s4", "5"}, {"a", "s2", "10"}, {"c", "s6", "20"}, {"b", "s5", "38"},
            {"a", "s3", "45"}, {"d", "s7", "50"}, {"d", "s8", "55"}, {"e", "s9", "60"}};
        for (String[] q : purchases) {
            p.applied(TrainerTestSupport.purchase(q[0], q[1], T0 + Long.parseLong(q[2]) * DAY), null,
                    new float[FeatureSchema.SIZE]);
        }
        return p;
    }

    private static int at(PurchaseExamples p, int day) {
        for (int i = 0; i < p.size(); i++) {
            if (p.time(i) == T0 + day * DAY) {
                return i;
            }
        }
        throw new AssertionError("no purchase on day " + day);
    }

    @Test
    void repeatPurchaseLabelsNeverLookPastTheirSidesEnd() {
        PurchaseExamples p = scenario();
        UserTargetSplit split = UserTargetSplit.of(p, Target.REPEAT_PURCHASE, T0 + 90 * DAY, HORIZON, 0.5, 0);

        assertThat(split.cutoff()).isEqualTo(T0 + 45 * DAY);
        // c's day-20 and b's day-38 purchases: their 30 days run past the cutoff, so they have no train label.
        assertThat(split.side(at(p, 20))).isEqualTo(UserTargetSplit.Side.DROPPED);
        assertThat(split.side(at(p, 38))).isEqualTo(UserTargetSplit.Side.DROPPED);
        assertThat(split.lower(at(p, 0))).isEqualTo(1f); // a again on day 10
        assertThat(split.lower(at(p, 5))).isEqualTo(0f); // b again only after 33 days
        assertThat(split.lower(at(p, 10))).isEqualTo(0f); // a again after 35 days
        assertThat(split.side(at(p, 50))).isEqualTo(UserTargetSplit.Side.TEST);
        assertThat(split.lower(at(p, 50))).isEqualTo(1f);
        for (int i = 0; i < p.size(); i++) {
            UserTargetSplit.Side side = split.side(i);
            if (side == UserTargetSplit.Side.DROPPED) {
                continue;
            }
            long sideEnd = side == UserTargetSplit.Side.TEST ? split.end() : split.cutoff();
            assertThat(p.time(i) + HORIZON).as("purchase %d's horizon", i).isLessThanOrEqualTo(sideEnd);
            if (split.lower(i) > 0) {
                assertThat(p.nextPurchase(i)).as("purchase %d's repeat", i).isLessThanOrEqualTo(sideEnd);
            }
        }
    }

    @Test
    void nextPurchaseKeepsUsersNotSeenAgainAsCensoredAtTheirSidesEnd() {
        PurchaseExamples p = scenario();
        UserTargetSplit split = UserTargetSplit.of(p, Target.NEXT_PURCHASE_DAYS, T0 + 90 * DAY, 0, 0.5, 0);

        assertThat(split.count(UserTargetSplit.Side.DROPPED)).isZero();
        assertThat(split.censored(at(p, 0))).isFalse();
        assertThat(split.lower(at(p, 0))).isEqualTo(10f);
        assertThat(split.lower(at(p, 5))).isEqualTo(33f);
        // c never comes back: censored at the cutoff, 25 days later, not dropped and not "never".
        assertThat(split.side(at(p, 20))).isEqualTo(UserTargetSplit.Side.TRAIN);
        assertThat(split.censored(at(p, 20))).isTrue();
        assertThat(split.lower(at(p, 20))).isEqualTo(25f);
        assertThat(split.upper(at(p, 20))).isEqualTo(Float.POSITIVE_INFINITY);
        // On the test side the observation runs to the end of the history.
        assertThat(split.censored(at(p, 45))).isTrue();
        assertThat(split.lower(at(p, 45))).isEqualTo(45f);
        assertThat(split.lower(at(p, 50))).isEqualTo(5f);
        assertThat(split.censored(at(p, 60))).isTrue();
        assertThat(split.lower(at(p, 60))).isEqualTo(30f);
    }

    @Test
    void aNextPurchaseAfterTheCutoffIsCensoredOnTheTrainSide() {
        PurchaseExamples p = new PurchaseExamples(FeatureSchema.SIZE);
        float[] row = new float[FeatureSchema.SIZE];
        p.applied(TrainerTestSupport.purchase("a", "s1", T0), null, row);
        p.applied(TrainerTestSupport.purchase("b", "s2", T0 + DAY), null, row);
        p.applied(TrainerTestSupport.purchase("c", "s3", T0 + 2 * DAY), null, row);
        p.applied(TrainerTestSupport.purchase("a", "s4", T0 + 3 * DAY), null, row);
        UserTargetSplit split = UserTargetSplit.of(p, Target.NEXT_PURCHASE_DAYS, T0 + 4 * DAY, 0, 0.5, 0);

        assertThat(split.cutoff()).isEqualTo(T0 + 2 * DAY);
        // a comes back on day 3, after the cutoff: the train label knows only "not before day 2".
        assertThat(split.censored(0)).isTrue();
        assertThat(split.lower(0)).isEqualTo(2f);
    }

    @Test
    void severalPurchaseEventsOfOneSessionAreNotRepeats() {
        PurchaseExamples p = new PurchaseExamples(FeatureSchema.SIZE);
        float[] row = new float[FeatureSchema.SIZE];
        p.applied(TrainerTestSupport.purchase("a", "s1", T0), null, row);
        p.applied(TrainerTestSupport.purchase("a", "s1", T0 + 1000), null, row);
        p.applied(TrainerTestSupport.purchase("a", "s2", T0 + DAY), null, row);
        p.applied(TrainerTestSupport.purchase("a", "s3", T0 + 3 * DAY), null, row);

        assertThat(p.nextPurchase(0)).isEqualTo(T0 + DAY);
        assertThat(p.nextPurchase(1)).isEqualTo(T0 + DAY);
        assertThat(p.nextPurchase(2)).isEqualTo(T0 + 3 * DAY);
        assertThat(p.nextPurchase(3)).isEqualTo(PurchaseExamples.NONE);
        // The baseline: mean gap between the earlier purchase sessions, none before two of them.
        assertThat(p.meanGapSoFarDays(2)).isNaN();
        assertThat(p.meanGapSoFarDays(3)).isEqualTo(1.0);
    }

    @Test
    void concordanceCountsComparablePairsOnly() {
        // Times 1, 2 (censored), 3; a pair is comparable when the earlier time is an observed event.
        double[] time = {1, 2, 3};
        boolean[] censored = {false, true, false};
        assertThat(SurvivalMetrics.concordance(new double[] {1, 2, 3}, time, censored)).isEqualTo(1.0);
        assertThat(SurvivalMetrics.concordance(new double[] {3, 2, 1}, time, censored)).isEqualTo(0.0);
        // Pairs (0,1) and (0,2): concordant, and tied (one half).
        assertThat(SurvivalMetrics.concordance(new double[] {1, 2, 1}, time, censored)).isEqualTo(0.75);
        assertThat(SurvivalMetrics.maeUncensored(new double[] {2, 9, 3}, time, censored)).isEqualTo(0.5);
    }

    private UserTargetTrainer.Result train(String target, String... more) throws Exception {
        String[] base = {"--input", TrainerTestSupport.SAMPLE_EVENTS.toString(), "--format", "rees46", "--target", target,
            "--output", tmp.resolve(target).toString(), "--rounds", "40", "--threads", "1", "--model-version", target};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return UserTargetTrainer.run(Trainer.options().parse(args));
    }

    @Test
    void repeatPurchaseBundleRecordsItsTargetAndHorizonAndScoresInJavaAsXGBoost() throws Exception {
        UserTargetTrainer.Result r = train("repeat-purchase", "--horizon", "5m", "--cutoff-quantile", "0.3",
                "--validation-fraction", "0");
        ModelBundle bundle = ModelBundle.read(tmp.resolve("repeat-purchase"));
        BundleMetadata meta = bundle.metadata();

        assertThat(meta.target).isEqualTo("repeat-purchase");
        assertThat(meta.horizonDays).isCloseTo(5 / 1440.0, within(1e-12));
        assertThat(meta.objective).isEqualTo("binary:logistic");
        assertThat(meta.formatVersion).isEqualTo(BundleMetadata.USER_TARGET_FORMAT_VERSION);
        assertThat(meta.metrics).containsKeys("test_purchases", "baseline_has_purchased_before_test");
        assertThat(meta.metrics.get("test_purchases")).containsKeys("roc_auc", "pr_auc", "ece", "brier");
        for (int i = 0; i < r.examples().size(); i++) {
            if (r.split().side(i) != UserTargetSplit.Side.DROPPED && r.split().side(i) != UserTargetSplit.Side.TEST) {
                assertThat(r.examples().time(i) + 5 * 60_000L).isLessThanOrEqualTo(r.split().cutoff());
            }
        }
        assertThat(BundleValidation.validate(bundle, "repeat")).isEqualTo("java");
        assertJavaEqualsXGBoost(bundle, r.examples(), 0);
    }

    @Test
    void nextPurchaseBundleIsASurvivalModelWhoseJavaScoresEqualXGBoost() throws Exception {
        UserTargetTrainer.Result r = train("next-purchase-days", "--validation-fraction", "0");
        ModelBundle bundle = ModelBundle.read(tmp.resolve("next-purchase-days"));
        BundleMetadata meta = bundle.metadata();
        assertThat(meta.bestIteration).isEqualTo(39);

        assertThat(meta.target).isEqualTo("next-purchase-days");
        assertThat(meta.objective).isEqualTo("survival:aft");
        assertThat(meta.horizonDays).isNull();
        assertThat(meta.metrics.get("test_purchases")).containsKeys("c_index", "mae_uncensored_days");
        assertThat(meta.metrics).containsKey("baseline_mean_gap_so_far_test");
        assertThat(r.split().count(UserTargetSplit.Side.DROPPED)).isZero();
        assertThat(meta.training.get("censored_train")).isEqualTo(
                (int) java.util.Arrays.stream(r.split().indices(UserTargetSplit.Side.TRAIN)).filter(r.split()::censored).count());
        assertThat(BundleValidation.validate(bundle, "next")).isEqualTo("java");
        assertJavaEqualsXGBoost(bundle, r.examples(), 0);
    }

    /** Every purchase row: the Java evaluator's value against XGBoost4J's predict, at most {@code ulps} apart. */
    private static void assertJavaEqualsXGBoost(ModelBundle bundle, PurchaseExamples examples, int ulps) {
        int n = examples.size();
        float[] rows = new float[n * examples.width()];
        for (int i = 0; i < n; i++) {
            examples.copyRow(i, rows, i * examples.width());
        }
        int exact = 0;
        try (XGBoostScorer xgboost = new XGBoostScorer(bundle); JavaTreeScorer java = JavaTreeScorer.fromBundle(bundle)) {
            float[] expected = xgboost.predictBatch(rows, n);
            for (int i = 0; i < n; i++) {
                float actual = java.predict(examples.row(i));
                exact += Float.floatToIntBits(actual) == Float.floatToIntBits(expected[i]) ? 1 : 0;
                assertThat(Math.abs(Float.floatToIntBits(actual) - Float.floatToIntBits(expected[i]))).as("row %d: %s vs %s",
                        i, actual, expected[i]).isLessThanOrEqualTo(ulps);
            }
        }
        assertThat(exact).isEqualTo(n);
    }

    @Test
    void unknownTargetsAndMismatchedObjectivesAreRefused() throws Exception {
        train("next-purchase-days");
        ModelBundle bundle = ModelBundle.read(tmp.resolve("next-purchase-days"));
        bundle.metadata().target = "lifetime-value";
        assertThatThrownBy(() -> BundleValidation.validate(bundle, "ltv"))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("target is lifetime-value, this engine scores the targets session-purchase, "
                        + "repeat-purchase, next-purchase-days");
        bundle.metadata().target = "repeat-purchase";
        assertThatThrownBy(() -> BundleCompatibility.check(bundle.metadata(), "mixed"))
                .hasMessageContaining("objective is survival:aft, a repeat-purchase model must be binary:logistic");
        assertThatThrownBy(() -> Trainer.run(Trainer.options().parse(new String[] {"--target", "lifetime-value",
            "--input", TrainerTestSupport.SAMPLE_EVENTS.toString()})))
                .hasMessage("unknown target lifetime-value: expected one of session-purchase, repeat-purchase, next-purchase-days");
    }

    @Test
    void userLevelTargetsRefuseABackfillsExamples() {
        assertThatThrownBy(() -> train("repeat-purchase", "--examples", tmp.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--examples holds session-purchase examples");
    }
}
