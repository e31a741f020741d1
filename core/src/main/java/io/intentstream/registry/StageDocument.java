package io.intentstream.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which published versions of one model score which users, at one revision of the registry: the production
 * model (the champion), at most one challenger with its share of users, shadow models that score every event
 * into the archive only, and a holdout share. Every change writes a new revision; the old ones are the history.
 *
 * @param experiment the A/B experiment the arms belong to; a new challenger starts a new one
 * @param changedBy who made this revision, {@code changedAt} when (ISO-8601 UTC), {@code action} what it did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageDocument(
        String model,
        long revision,
        String experiment,
        String production,
        Challenger challenger,
        List<String> shadow,
        @JsonProperty("holdout_share") double holdoutShare,
        @JsonProperty("changed_at") String changedAt,
        @JsonProperty("changed_by") String changedBy,
        String action) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The challenger and the share of users it scores. */
    public record Challenger(String version, double share) {}

    public StageDocument {
        shadow = shadow == null ? List.of() : List.copyOf(shadow);
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a stage document names its model");
        }
        if (challenger != null && !(challenger.share() > 0 && challenger.share() < 1)) {
            throw new IllegalArgumentException("challenger share must be in (0, 1), got " + challenger.share());
        }
        if (!(holdoutShare >= 0 && holdoutShare < 1)) {
            throw new IllegalArgumentException("holdout share must be in [0, 1), got " + holdoutShare);
        }
        if (holdoutShare + challengerShare(challenger) >= 1) {
            throw new IllegalArgumentException("challenger share " + challengerShare(challenger) + " and holdout share "
                    + holdoutShare + " leave no users to the champion");
        }
        if (production == null && (challenger != null || !shadow.isEmpty())) {
            throw new IllegalArgumentException("a challenger or shadow needs a production model to compare with");
        }
    }

    private static double challengerShare(Challenger c) {
        return c == null ? 0 : c.share();
    }

    /** The share of users the challenger scores, 0 without one. */
    public double challengerShare() {
        return challengerShare(challenger);
    }

    public String challengerVersion() {
        return challenger == null ? null : challenger.version();
    }

    /** Every version this revision scores with, production first, then the challenger, then the shadows. */
    public List<String> activeVersions() {
        List<String> versions = new ArrayList<>();
        if (production != null) {
            versions.add(production);
        }
        if (challenger != null) {
            versions.add(challenger.version());
        }
        versions.addAll(shadow);
        return versions;
    }

    /** The arm this revision puts a user in (never {@link Arm#SHADOW}). */
    public Arm armOf(String userId) {
        return ArmAssignment.armOf(userId, experiment, challengerShare(), holdoutShare);
    }

    /** One line for people: "production v2, challenger v3 for 10% of users, shadow v4, holdout 5% of users (experiment e)". */
    public String summary() {
        StringBuilder sb = new StringBuilder("production ").append(production == null ? "none" : production);
        if (challenger != null) {
            sb.append(", challenger ").append(challenger.version()).append(" for ").append(percent(challenger.share()))
                    .append(" of users");
        }
        if (!shadow.isEmpty()) {
            sb.append(", shadow ").append(String.join(" ", shadow));
        }
        if (holdoutShare > 0) {
            sb.append(", holdout ").append(percent(holdoutShare)).append(" of users");
        }
        if (experiment != null) {
            sb.append(" (experiment ").append(experiment).append(')');
        }
        return sb.toString();
    }

    private static String percent(double share) {
        return BigDecimal.valueOf(share * 100).round(new MathContext(6)).stripTrailingZeros().toPlainString() + "%";
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StageDocument fromJson(String json) {
        try {
            return JSON.readValue(json, StageDocument.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a stage document: " + e.getMessage(), e);
        }
    }
}
