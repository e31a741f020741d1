package io.intentstream.abreport;

import io.intentstream.abreport.stats.Moments;
import io.intentstream.abreport.stats.Proportion;
import io.intentstream.registry.Arm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Adds up sessions per arm and per user, and leaves out (counting each) the sessions no comparison may use: bot
 * sessions unless asked for, sessions without a known arm, and every session of a user seen in more than one arm
 * (the split changed during the window, so that user belongs to no single arm).
 */
final class ExperimentTally implements Consumer<SessionRow> {
    /** The arms a user can be assigned to; shadow models score beside them and own no users. */
    static final List<Arm> ARMS = List.of(Arm.CHAMPION, Arm.CHALLENGER, Arm.HOLDOUT);

    private final boolean includeBots;
    private final Map<Arm, Accumulator> arms = new EnumMap<>(Arm.class);
    private final Set<String> usersInSeveralArms = new HashSet<>();
    private long sessionsRead;
    private long duplicateRows;
    private long botSessions;
    private long sessionsWithoutArm;
    private long sessionsOfUsersInSeveralArms;

    ExperimentTally(boolean includeBots) {
        this.includeBots = includeBots;
        for (Arm a : ARMS) {
            arms.put(a, new Accumulator());
        }
    }

    /** What was read and what was left out, and why. */
    record Exclusions(long sessionsRead, long duplicateRows, long botSessions, long sessionsWithoutArm,
            long usersInSeveralArms, long sessionsOfUsersInSeveralArms, long sessionsAnalysed) {}

    @Override
    public void accept(SessionRow row) {
        sessionsRead++;
        duplicateRows += row.copies() - 1;
        Arm arm = armOf(row.arm());
        if (arm == null) {
            sessionsWithoutArm++;
        } else if (row.userInSeveralArms()) {
            usersInSeveralArms.add(row.userId());
            sessionsOfUsersInSeveralArms++;
        } else if (row.judgedBot() && !includeBots) {
            botSessions++;
        } else {
            arms.get(arm).add(row);
        }
    }

    private static Arm armOf(String wireName) {
        for (Arm a : ARMS) {
            if (a.wireName().equals(wireName)) {
                return a;
            }
        }
        return null;
    }

    Exclusions exclusions() {
        long analysed = 0;
        for (Accumulator a : arms.values()) {
            analysed += a.sessions;
        }
        return new Exclusions(sessionsRead, duplicateRows, botSessions, sessionsWithoutArm, usersInSeveralArms.size(),
                sessionsOfUsersInSeveralArms, analysed);
    }

    /** Each arm's sums, champion, challenger, holdout in that order (empty arms included). */
    List<ArmData> arms() {
        List<ArmData> out = new ArrayList<>();
        for (Arm a : ARMS) {
            out.add(arms.get(a).build(a));
        }
        return out;
    }

    private static final class Accumulator {
        /** Per user: sessions, converted sessions. */
        final Map<String, long[]> users = new HashMap<>();
        final Map<String, Long> versions = new TreeMap<>();
        long sessions;
        long conversions;
        double[] scores = new double[64];
        boolean[] outcomes = new boolean[64];
        int scored;

        void add(SessionRow row) {
            sessions++;
            conversions += row.converted() ? 1 : 0;
            long[] user = users.computeIfAbsent(row.userId(), u -> new long[2]);
            user[0]++;
            user[1] += row.converted() ? 1 : 0;
            versions.merge(String.valueOf(row.modelVersion()), 1L, Long::sum);
            if (!Float.isNaN(row.propensity())) {
                if (scored == scores.length) {
                    scores = Arrays.copyOf(scores, scored * 2);
                    outcomes = Arrays.copyOf(outcomes, scored * 2);
                }
                scores[scored] = row.propensity();
                outcomes[scored] = row.converted();
                scored++;
            }
        }

        ArmData build(Arm arm) {
            long converted = 0;
            Moments perUser = Moments.EMPTY;
            for (long[] u : users.values()) {
                converted += u[1] > 0 ? 1 : 0;
                perUser = perUser.add(u[1]);
            }
            return new ArmData(arm, new Proportion(conversions, sessions), new Proportion(converted, users.size()), perUser,
                    Arrays.copyOf(scores, scored), Arrays.copyOf(outcomes, scored), Collections.unmodifiableMap(versions));
        }
    }
}
