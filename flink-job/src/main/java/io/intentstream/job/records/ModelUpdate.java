package io.intentstream.job.records;

/**
 * What the model watcher saw in the registry: the stages to score with (kind {@code stages}, with the stage
 * document as JSON), a revision it activated for the first time ({@code activated}) or one it refused
 * ({@code refused}, {@code detail} says why); the scoring operator applies {@code stages} and {@code activated}.
 */
public class ModelUpdate {
    public static final String STAGES = "stages";
    public static final String ACTIVATED = "activated";
    public static final String REFUSED = "refused";

    public String kind;
    public String model;
    public long revision;
    /** The stage document of the revision to score with (also for {@code refused}: the one that stays). */
    public String stagesJson;
    /** The version a refusal is about, when one is. */
    public String version;
    public String detail;
    /** Wall-clock time of the poll, epoch ms UTC. */
    public long at;

    public ModelUpdate() {}

    public static ModelUpdate of(String kind, String model, long revision, String stagesJson, String version, String detail,
            long at) {
        ModelUpdate u = new ModelUpdate();
        u.kind = kind;
        u.model = model;
        u.revision = revision;
        u.stagesJson = stagesJson;
        u.version = version;
        u.detail = detail;
        u.at = at;
        return u;
    }

    /** Whether the scoring operator should use {@link #stagesJson}. */
    public boolean carriesStages() {
        return STAGES.equals(kind) || ACTIVATED.equals(kind);
    }
}
