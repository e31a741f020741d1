package io.intentstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The optional bot rule: its two triggers, and a verdict that sticks to the session once given. */
class BotRuleTest {
    private static SessionState session(int events, long spanMillis) {
        SessionState s = new SessionState();
        s.eventCount = events;
        s.firstEventTime = 1_000_000L;
        s.lastEventTime = 1_000_000L + spanMillis;
        return s;
    }

    @Test
    void offJudgesNothing() {
        BotRule off = BotRule.off();
        assertThat(off.enabled()).isFalse();
        SessionState huge = session(1_000_000, 1);
        assertThat(off.judge(huge)).isNull();
        assertThat(off.verdict(huge)).isNull();
        assertThat(huge.judgedBot).isFalse();
    }

    @Test
    void tooManyEventsTriggersAfterTheLimitNotAtIt() {
        BotRule rule = new BotRule(3, 2, 0);
        assertThat(rule.judge(session(3, 0))).isNull();
        assertThat(rule.judge(session(4, 0))).isEqualTo("session has 4 events, more than 3");
    }

    @Test
    void aFastMeanGapTriggersOnlyWithEnoughEvents() {
        BotRule rule = new BotRule(0, 5, 1_000);
        assertThat(rule.judge(session(4, 100))).as("too few events to judge a rate").isNull();
        assertThat(rule.judge(session(5, 4 * 1_000))).as("exactly at the minimum mean gap").isNull();
        assertThat(rule.judge(session(5, 4 * 1_000 - 1))).contains("mean gap of 999 ms, less than 1000 ms");
    }

    @Test
    void theVerdictIsRememberedInTheSessionAndNewOnlyOnce() {
        BotRule rule = new BotRule(0, 2, 1_000);
        SessionState s = session(2, 10);

        BotRule.Verdict first = rule.verdict(s);
        assertThat(first.newlyJudged()).isTrue();
        assertThat(first.reason()).contains("mean gap");
        assertThat(s.judgedBot).isTrue();

        // Slower events later: the rate no longer triggers, but the session stays judged.
        s.eventCount = 3;
        s.lastEventTime = s.firstEventTime + 60_000;
        BotRule.Verdict again = rule.verdict(s);
        assertThat(again.newlyJudged()).isFalse();
        assertThat(again.reason()).isEqualTo("session was judged a bot earlier");
    }

    @Test
    void aHumanSessionHasNoVerdict() {
        assertThat(new BotRule(10, 2, 1_000).verdict(session(3, 60_000))).isNull();
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new BotRule(-1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BotRule(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
