package io.intentstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageDocumentTest {
    private static StageDocument doc(String production, StageDocument.Challenger challenger, double holdout) {
        return new StageDocument("m", 3, "m-2", production, challenger, List.of("v9"), holdout, "2026-12-04T10:00:00Z",
                "alice", "test");
    }

    @Test
    void roundTripsThroughJson() {
        StageDocument d = doc("v1", new StageDocument.Challenger("v2", 0.1), 0.05);
        assertThat(StageDocument.fromJson(d.toJson())).isEqualTo(d);
        assertThat(d.toJson()).contains("\"holdout_share\"", "\"changed_by\" : \"alice\"");
        assertThat(d.activeVersions()).containsExactly("v1", "v2", "v9");
    }

    @Test
    void refusesSharesThatLeaveTheChampionNoUsersOrMakeNoSense() {
        assertThatThrownBy(() -> doc("v1", new StageDocument.Challenger("v2", 0.96), 0.05))
                .hasMessageContaining("leave no users to the champion");
        assertThatThrownBy(() -> doc("v1", new StageDocument.Challenger("v2", 0), 0)).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> doc("v1", null, -0.1)).hasMessageContaining("holdout share");
        assertThatThrownBy(() -> doc(null, null, 0)).hasMessageContaining("needs a production model");
    }

    @Test
    void summarisesTheStagesInOneLine() {
        assertThat(doc("v1", new StageDocument.Challenger("v2", 0.1), 0.05).summary())
                .isEqualTo("production v1, challenger v2 for 10% of users, shadow v9, holdout 5% of users (experiment m-2)");
        assertThat(new StageDocument("m", 1, null, "v1", null, List.of(), 0, null, null, null).summary())
                .isEqualTo("production v1");
    }
}
