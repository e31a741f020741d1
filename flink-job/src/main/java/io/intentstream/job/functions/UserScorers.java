package io.intentstream.job.functions;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventType;
import io.intentstream.job.records.UserScoreRecord;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PrefixScorer;
import io.intentstream.model.PropensityScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The scorers of the user-level bundles ({@link ModelSet#userBundles()}), run on purchase events only, with the
 * feature vector the operator has just computed for the event: the same vector the trainer's replay gives the
 * same event, so the value is the trainer's prediction. Row by row: purchases are a few percent of events, so
 * holding them for a batch would buy little.
 */
final class UserScorers implements AutoCloseable {
    private final PropensityScorer[] scorers;
    private final String[] targets;
    private final String[] versions;

    private UserScorers(PropensityScorer[] scorers, String[] targets, String[] versions) {
        this.scorers = scorers;
        this.targets = targets;
        this.versions = versions;
    }

    static UserScorers build(List<ModelBundle> bundles, ScorerFactory factory) {
        List<PropensityScorer> built = new ArrayList<>();
        try {
            String[] targets = new String[bundles.size()];
            String[] versions = new String[bundles.size()];
            for (int i = 0; i < bundles.size(); i++) {
                ModelBundle b = bundles.get(i);
                built.add(PrefixScorer.forEngineRows(factory.create(b), b.metadata()));
                targets[i] = b.metadata().target;
                versions[i] = b.metadata().modelVersion;
            }
            return new UserScorers(built.toArray(new PropensityScorer[0]), targets, versions);
        } catch (RuntimeException e) {
            built.forEach(PropensityScorer::close);
            throw e;
        }
    }

    /** Whether {@code event} is one the user models score: a purchase, when there is a user model. */
    boolean scores(ClickEvent event) {
        return scorers.length > 0 && event.eventType == EventType.PURCHASE;
    }

    /** Each user model's value for the event, with {@code features} as of the event; none for a scorer that throws. */
    void score(ClickEvent event, float[] features, Consumer<UserScoreRecord> out, ErrorSink errors) {
        for (int i = 0; i < scorers.length; i++) {
            float value;
            try {
                value = scorers[i].predict(features);
            } catch (RuntimeException e) {
                errors.error(event, e);
                continue;
            }
            out.accept(UserScoreRecord.of(event.userId, event.eventId, event.eventTime, targets[i], versions[i], value));
        }
    }

    /** Where a failed prediction goes (a dead letter). */
    @FunctionalInterface
    interface ErrorSink {
        void error(ClickEvent event, RuntimeException e);
    }

    @Override
    public void close() {
        for (PropensityScorer s : scorers) {
            s.close();
        }
    }
}
