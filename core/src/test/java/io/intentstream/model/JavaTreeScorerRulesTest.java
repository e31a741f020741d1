package io.intentstream.model;

import static io.intentstream.model.CraftedModels.leaf;
import static io.intentstream.model.CraftedModels.model;
import static io.intentstream.model.CraftedModels.split;
import static io.intentstream.model.CraftedModels.xgboostMargin;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.model.CraftedModels.Node;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each scoring rule on a hand-written model small enough to read, with the expected margin worked out by
 * hand and confirmed by XGBoost4J scoring the same JSON.
 */
class JavaTreeScorerRulesTest {
    private static final float NAN = Float.NaN;
    /** base_score 0.5: logit 0, so a margin is the plain sum of the leaves. */
    private static final String EVEN = "5E-1";

    /** Both layouts, then XGBoost4J: each must give {@code expected} exactly. */
    private static void assertMargin(byte[] json, Integer bestIteration, float expected, float... row) {
        JavaTreeScorer complete = JavaTreeScorer.fromModelJson(json, bestIteration);
        JavaTreeScorer pointers = JavaTreeScorer.fromModelJson(json, bestIteration, 0);
        assertThat(complete.margin(row)).as("complete layout").isEqualTo(expected);
        assertThat(pointers.margin(row)).as("pointer layout").isEqualTo(expected);
        assertThat(xgboostMargin(json, bestIteration, row)).as("XGBoost4J").isEqualTo(expected);
    }

    @Test
    void baseScoreIsAProbabilityAndTheSumStartsFromItsLogit() {
        byte[] json = model("2E-1", null, 1, 1, leaf(0f));

        // logit(0.2) = ln(0.2 / 0.8) = ln(0.25)
        assertMargin(json, null, (float) Math.log(0.25), 1f);
        assertThat(JavaTreeScorer.fromModelJson(json).predict(new float[] {1f})).isEqualTo(0.2f);
    }

    @Test
    void aValueBelowTheThresholdGoesLeftAndAnEqualValueRight() {
        byte[] json = model(EVEN, null, 1, 1, split(0, 1.5f, true, leaf(-1f), leaf(2f)));

        assertMargin(json, null, -1f, Math.nextDown(1.5f));
        assertMargin(json, null, 2f, 1.5f);
        assertMargin(json, null, 2f, Math.nextUp(1.5f));
        assertMargin(json, null, -1f, -Float.MAX_VALUE);
        assertMargin(json, null, 2f, Float.MAX_VALUE);
    }

    @Test
    void aMissingValueGoesToTheNodesDefaultSide() {
        byte[] missingLeft = model(EVEN, null, 1, 1, split(0, 1.5f, true, leaf(-1f), leaf(2f)));
        byte[] missingRight = model(EVEN, null, 1, 1, split(0, 1.5f, false, leaf(-1f), leaf(2f)));

        assertMargin(missingLeft, null, -1f, NAN);
        assertMargin(missingRight, null, 2f, NAN);
    }

    @Test
    void negativeZeroIsNotBelowAZeroThreshold() {
        for (float zero : new float[] {0f, -0f}) {
            byte[] json = model(EVEN, null, 1, 1, split(0, zero, false, leaf(-1f), leaf(2f)));

            assertMargin(json, null, 2f, -0f);
            assertMargin(json, null, 2f, 0f);
            assertMargin(json, null, -1f, -Float.MIN_VALUE);
            assertMargin(json, null, 2f, Float.MIN_VALUE);
        }
    }

    @Test
    void infinitiesAreComparedLikeAnyOtherValue() {
        byte[] json = model(EVEN, null, 1, 1, split(0, Float.MAX_VALUE, true, leaf(-1f), leaf(2f)));

        assertMargin(json, null, 2f, Float.POSITIVE_INFINITY);
        assertMargin(json, null, -1f, Float.NEGATIVE_INFINITY);
    }

    @Test
    void leavesAreAddedInFloat32OneTreeAtATimeInTreeOrder() {
        // 2^24 + 1 rounds back to 2^24 in float32, twice; in double or in another order the sum would be 2^24 + 2.
        byte[] bigFirst = model(EVEN, null, 1, 1, leaf(16_777_216f), leaf(1f), leaf(1f));
        byte[] bigLast = model(EVEN, null, 1, 1, leaf(1f), leaf(1f), leaf(16_777_216f));

        assertMargin(bigFirst, null, 16_777_216f, 0f);
        assertMargin(bigLast, null, 16_777_218f, 0f);
    }

    @Test
    void onlyRoundsUpToBestIterationCount() {
        byte[] json = model(EVEN, 1, 1, 1, leaf(1f), leaf(10f), leaf(100f));

        assertThat(JavaTreeScorer.fromModelJson(json).margin(new float[] {0f})).isEqualTo(11f);
        assertMargin(json, 1, 11f, 0f);
        assertMargin(json, 0, 1f, 0f);
        assertMargin(json, null, 111f, 0f);
    }

    @Test
    void aRoundIsNumParallelTreeTrees() {
        byte[] json = model(EVEN, 0, 1, 2, leaf(1f), leaf(10f), leaf(100f), leaf(1000f));

        JavaTreeScorer java = JavaTreeScorer.fromModelJson(json);
        assertThat(java.numTrees()).isEqualTo(2);
        assertThat(java.roundsInModel()).isEqualTo(2);
        assertMargin(json, 0, 11f, 0f);
        assertMargin(json, 1, 1111f, 0f);
    }

    @Test
    void unbalancedTreesScoreTheSameInBothLayouts() {
        // A leaf at depth 1 next to a path of depth 4: the complete layout pads the leaf down to depth 4.
        Node deepRight = split(1, 0f, true,
                leaf(1f),
                split(2, 0f, false,
                        split(3, 5f, true, leaf(2f), leaf(3f)),
                        leaf(4f)));
        byte[] json = model(EVEN, null, 4, 1,
                split(0, 0f, false, leaf(5f), deepRight),
                split(3, 1f, true, split(0, -1f, false, leaf(0.25f), leaf(0.5f)), leaf(0.75f)));

        Random random = new Random(3);
        float[] values = {NAN, -1f, -0f, 0f, 1f, 5f, 6f, Math.nextDown(5f), Math.nextDown(-1f)};
        float[][] rows = new float[300][4];
        for (float[] row : rows) {
            for (int f = 0; f < row.length; f++) {
                row[f] = values[random.nextInt(values.length)];
            }
        }
        float[] expected = CraftedModels.xgboostMargins(json, null, rows);
        JavaTreeScorer complete = JavaTreeScorer.fromModelJson(json, null);
        JavaTreeScorer pointers = JavaTreeScorer.fromModelJson(json, null, 0);
        assertThat(complete.completeDepth()).isEqualTo(4);
        for (int r = 0; r < rows.length; r++) {
            assertThat(complete.margin(rows[r])).as("row %d, complete layout", r).isEqualTo(expected[r]);
            assertThat(pointers.margin(rows[r])).as("row %d, pointer layout", r).isEqualTo(expected[r]);
        }
    }
}
