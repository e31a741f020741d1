package io.intentstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.SessionProcessor.Outcome;
import io.intentstream.testing.MapSessionStore;
import io.intentstream.testing.SampleData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real REES46 extract through the session rules, per user in event-time order, as the trainer replays it.
 * Expected counts come from zcat/awk/sort on the file: 5 rows repeat another exactly, 5,067 (user, session)
 * pairs (one session id is shared by two users), 200 sessions with a purchase, and no gap of 24 hours.
 */
class Rees46ReplayTest {

    @Test
    void replaysTheExtractWithExactDuplicateAndSessionCounts() throws Exception {
        Map<String, List<ClickEvent>> byUser = new LinkedHashMap<>();
        EventFileReader.read(SampleData.rees46(), EventFormat.REES46_CSV, ValidationRules.defaults(), (f, line, raw, r) -> {
            if (r.isValid()) {
                byUser.computeIfAbsent(r.event().userId, u -> new ArrayList<>()).add(r.event());
            }
        });

        int applied = 0;
        int duplicates = 0;
        int closed = 0;
        int sessions = 0;
        int converted = 0;
        float[] features = new float[FeatureSchema.SIZE];
        for (List<ClickEvent> events : byUser.values()) {
            events.sort(Comparator.comparingLong(e -> e.eventTime)); // stable: ties keep file order
            SessionProcessor processor = new SessionProcessor(new SessionFeatureEngine(FeatureConfig.defaults()));
            MapSessionStore store = new MapSessionStore();
            List<SessionState> timedOut = new ArrayList<>();
            for (ClickEvent e : events) {
                if (processor.process(e, store, features, timedOut::add) == Outcome.APPLIED) {
                    store.put(e.sessionId, processor.lastSession());
                    applied++;
                } else {
                    duplicates++;
                }
            }
            closed += timedOut.size();
            sessions += store.sessions().size();
            converted += (int) store.sessions().values().stream().filter(SessionState::converted).count();
        }

        assertThat(applied + duplicates).isEqualTo(17_434);
        assertThat(duplicates).isEqualTo(5);
        assertThat(closed).isZero();
        assertThat(sessions).isEqualTo(5_067);
        assertThat(converted).isEqualTo(200);
    }
}
