package io.intentstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Arms by hash of (user, experiment): stable, in proportion to the shares, and reshuffled only by a new experiment. */
class ArmAssignmentTest {
    private static final int USERS = 100_000;

    private static Map<Arm, Integer> counts(String experiment, double challenger, double holdout) {
        Map<Arm, Integer> counts = new EnumMap<>(Arm.class);
        for (int i = 0; i < USERS; i++) {
            counts.merge(ArmAssignment.armOf("user-" + i, experiment, challenger, holdout), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void sharesHoldOnAHundredThousandUsers() {
        Map<Arm, Integer> counts = counts("exp-1", 0.1, 0.05);
        // Binomial standard deviation at n = 100,000 is under 0.1 percentage points; allow four of them.
        assertThat(counts.get(Arm.CHALLENGER) / (double) USERS).isCloseTo(0.10, within(0.004));
        assertThat(counts.get(Arm.HOLDOUT) / (double) USERS).isCloseTo(0.05, within(0.004));
        assertThat(counts.get(Arm.CHAMPION) / (double) USERS).isCloseTo(0.85, within(0.004));
    }

    @Test
    void aUserKeepsItsArmAndRaisingTheShareOnlyMovesChampionUsers() {
        for (int i = 0; i < 10_000; i++) {
            String user = "u" + i;
            Arm at10 = ArmAssignment.armOf(user, "exp-1", 0.1, 0.0);
            assertThat(ArmAssignment.armOf(user, "exp-1", 0.1, 0.0)).isEqualTo(at10);
            Arm at30 = ArmAssignment.armOf(user, "exp-1", 0.3, 0.0);
            if (at10 == Arm.CHALLENGER) {
                assertThat(at30).as("user %s", user).isEqualTo(Arm.CHALLENGER);
            }
        }
    }

    @Test
    void aNewExperimentReassignsUsers() {
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            String user = "u" + i;
            if (ArmAssignment.armOf(user, "exp-1", 0.5, 0) != ArmAssignment.armOf(user, "exp-2", 0.5, 0)) {
                moved++;
            }
        }
        assertThat(moved).as("independent halves: about half the users change arm").isBetween(4_500, 5_500);
    }

    @Test
    void positionsAreUniformOnTheUnitInterval() {
        int[] deciles = new int[10];
        for (int i = 0; i < USERS; i++) {
            double u = ArmAssignment.position("user-" + i, "exp");
            assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
            deciles[(int) (u * 10)]++;
        }
        for (int d : deciles) {
            assertThat(d).isBetween(9_500, 10_500);
        }
    }
}
