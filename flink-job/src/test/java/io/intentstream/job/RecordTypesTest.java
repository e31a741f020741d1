package io.intentstream.job;

import static io.intentstream.job.JobTestSupport.cart;
import static io.intentstream.job.JobTestSupport.purchase;
import static io.intentstream.job.JobTestSupport.view;
import static io.intentstream.testing.Instants.PLUS_1S;
import static io.intentstream.testing.Instants.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionState;
import io.intentstream.job.functions.ModelSwitch;
import io.intentstream.job.functions.SessionScoringOperator;
import io.intentstream.job.functions.WaitingEvents;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ModelUpdate;
import io.intentstream.job.records.DriftPartial;
import io.intentstream.job.records.DriftRow;
import io.intentstream.job.records.QualityPartial;
import io.intentstream.job.records.QualityRow;
import io.intentstream.monitoring.DriftCounts;
import io.intentstream.monitoring.ScoredOutcomes;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.ScoreRecordSerializer;
import io.intentstream.job.records.UserScoreRecord;
import io.intentstream.job.records.UserScoreRecordSerializer;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.state.FixedWidthLayout;
import io.intentstream.job.state.UserSessions;
import io.intentstream.job.state.UserSessionsSerializer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Everything kept in state or sent between operators is serialized by Flink's or our own serializers, never Kryo. */
class RecordTypesTest {

    @Test
    void recordsAndStateArePojosWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ClickEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SessionOutcome.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeadLetter.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ModelUpdate.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DriftPartial.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DriftCounts.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DriftRow.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(QualityPartial.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ScoredOutcomes.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(QualityRow.class);
    }

    @Test
    void scoresHaveTheirOwnSerializerThatRoundTripsAndPassesAScoreOnUncopied() throws Exception {
        ExecutionConfig noKryo = new ExecutionConfig();
        noKryo.disableGenericTypes();
        TypeSerializer<ScoreRecord> serializer = TypeInformation.of(ScoreRecord.class).createSerializer(noKryo);
        assertThat(serializer).isSameAs(ScoreRecordSerializer.INSTANCE);

        float[] features = new float[FeatureSchema.SIZE];
        features[0] = 3f;
        features[FeatureSchema.PRICE] = Float.NaN;
        ScoreRecord score = ScoreRecord.of(view("u1", "s1", "p1", 10.0, START), "v1", "challenger", 0.25f, features, true, 42L);
        score.reasonFeatures = new String[] {"cart_count", "price"};
        score.reasonContributions = new float[] {0.5f, -0.125f};
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(score, out);
        ScoreRecord back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).usingRecursiveComparison().withComparatorForType(Float::compare, Float.class).isEqualTo(score);
        assertThat(back.features).containsExactly(features);
        assertThat(serializer.copy(score)).as("immutable: chained consumers get the record itself").isSameAs(score);

        ScoreRecord empty = new ScoreRecord();
        out.clear();
        serializer.serialize(empty, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).usingRecursiveComparison()
                .isEqualTo(empty);
    }

    @Test
    void userScoresHaveTheirOwnSerializerThatRoundTrips() throws Exception {
        ExecutionConfig noKryo = new ExecutionConfig();
        noKryo.disableGenericTypes();
        TypeSerializer<UserScoreRecord> serializer = TypeInformation.of(UserScoreRecord.class).createSerializer(noKryo);
        assertThat(serializer).isSameAs(UserScoreRecordSerializer.INSTANCE);
        assertThat(SessionScoringOperator.USER_SCORES.getTypeInfo().createSerializer(noKryo))
                .isSameAs(UserScoreRecordSerializer.INSTANCE);

        UserScoreRecord score = UserScoreRecord.of("u1", "e1", 42L, "next-purchase-days", "v1", 12.5f);
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(score, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).usingRecursiveComparison()
                .isEqualTo(score);
        assertThat(serializer.copy(score)).isSameAs(score);
        UserScoreRecord empty = new UserScoreRecord();
        out.clear();
        serializer.serialize(empty, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).usingRecursiveComparison()
                .isEqualTo(empty);
    }

    @Test
    void stateSerializersAreCreatedWithGenericTypesDisabled() {
        // With generic types disabled Flink refuses to create any serializer that would fall back to Kryo.
        ExecutionConfig noKryo = new ExecutionConfig();
        noKryo.disableGenericTypes();
        for (StateDescriptor<?, ?> d : List.of(WaitingEvents.descriptor(),
                UserSessions.descriptor(), ModelSwitch.descriptor())) {
            d.initializeSerializerUnlessSet(noKryo);
            assertThat(d.isSerializerInitialized()).as(d.getName()).isTrue();
        }
    }

    @Test
    void userSessionsSurviveASerializationRoundTripAndCopiesShareNothing() throws Exception {
        UserSessions user = userWithEveryField();

        UserSessions copy = roundTrip(user);
        assertThat(copy.latestEventId).isNotNull();

        assertReadsBackEqual(copy, user);
        assertThat(copy.history.purchases).isEqualTo(1);
        UserSessions deepCopy = UserSessionsSerializer.INSTANCE.copy(user);
        assertThat(deepCopy).usingRecursiveComparison()
                .withComparatorForType(Float::compare, Float.class)
                .withComparatorForType(Double::compare, Double.class)
                .isEqualTo(user);
        deepCopy.get("s1").productKeys[0]++;
        assertThat(user.get("s1").productKeys[0]).as("the copy shares no array").isNotEqualTo(deepCopy.get("s1").productKeys[0]);
        deepCopy.history.boughtProducts[0]++;
        assertThat(user.history.boughtProducts[0]).as("nor does its history").isNotEqualTo(deepCopy.history.boughtProducts[0]);
    }

    @Test
    void userSessionsWrittenInTheFixedWidthFormatStillReadTheSame() throws Exception {
        UserSessions user = userWithEveryField();
        DataOutputSerializer format3 = new DataOutputSerializer(1024);
        FixedWidthLayout.writeUser(user, format3);
        DataInputDeserializer in = new DataInputDeserializer(format3.getCopyOfBuffer());

        UserSessions read = UserSessionsSerializer.INSTANCE.deserialize(in);

        assertThat(in.available()).as("bytes left unread").isZero();
        assertThat(read.timerInFixedWidthLayout).as("its timer was registered in the fixed-width layout").isTrue();
        assertReadsBackEqual(read, user);
        assertReadsBackEqual(roundTrip(read), read);
    }

    @Test
    void aTypicalUserValueTakesFewerBytesThanInTheFixedWidthFormat() throws Exception {
        SessionFeatureEngine engine = new SessionFeatureEngine(FeatureConfig.defaults());
        UserSessions user = new UserSessions();
        String session = "8e36e992-d349-4c60-b643-1d8c054f27ff";
        ClickEvent first = view("500726208", session, "1038541", 10.75, START);
        SessionState state = engine.newSession(user.history, first);
        float[] features = new float[FeatureSchema.SIZE];
        engine.apply(user.history, state, first, features);
        engine.apply(user.history, state, view("500726208", session, "1038542", 629.24, START.plusSeconds(40)), features);
        engine.apply(user.history, state, cart("500726208", session, "1038542", 629.24, START.plusSeconds(95)), features);
        state.lastPropensity = 0.125f;
        user.put(session, state);
        user.applied(cart("500726208", session, "1038542", 629.24, START.plusSeconds(95)));
        user.closeTimer = state.lastEventTime + FeatureConfig.defaults().sessionTimeoutMillis();
        DataOutputSerializer fixedWidth = new DataOutputSerializer(1024);
        FixedWidthLayout.writeUser(user, fixedWidth);
        DataOutputSerializer compact = new DataOutputSerializer(1024);
        UserSessionsSerializer.INSTANCE.serialize(user, compact);

        assertThat(compact.length()).as("compact bytes against %d fixed-width", fixedWidth.length())
                .isLessThan(fixedWidth.length() * 6 / 10);
        assertReadsBackEqual(roundTrip(user), user);
    }

    /** A user value with two sessions (one from the engine, one with every field set) and a history. */
    private static UserSessions userWithEveryField() throws Exception {
        SessionFeatureEngine engine = new SessionFeatureEngine(FeatureConfig.defaults());
        ClickEvent first = view("u1", "s1", "p1", 10.0, START);
        UserSessions user = new UserSessions();
        SessionState state = engine.newSession(user.history, first);
        float[] features = new float[FeatureSchema.SIZE];
        engine.apply(user.history, state, first, features);
        engine.apply(user.history, state, cart("u1", "s1", "p1", 10.0, PLUS_1S), features);
        engine.apply(user.history, state, purchase("u1", "s1", "p1", 10.0, PLUS_1S), features);
        state.lastPropensity = 0.25f;
        user.put("s1", state);
        SessionState second = everyFieldSet();
        user.put(second.sessionId, second);
        user.history.decayedAt = 777L;
        user.history.latestSessionConverted = true;
        user.closeTimer = 123_456L;
        user.applied(cart("u1", "s1", "p1", 10.0, PLUS_1S));
        return user;
    }

    /** {@code copy} holds what {@code user} does: the used part of each array, every other field bit for bit. */
    private static void assertReadsBackEqual(UserSessions copy, UserSessions user) {
        assertThat(copy).usingRecursiveComparison()
                .withComparatorForType(Float::compare, Float.class)
                .withComparatorForType(Double::compare, Double.class)
                .ignoringFields("timerInFixedWidthLayout")
                .ignoringFieldsOfTypes(long[].class, int[].class)
                .isEqualTo(user);
        for (int i = 0; i < user.open.length; i++) {
            SessionState before = user.open[i];
            SessionState after = copy.open[i];
            assertThat(after.productKeys).containsExactly(Arrays.copyOf(before.productKeys, before.productCount));
            assertThat(after.productViews).containsExactly(Arrays.copyOf(before.productViews, before.productCount));
            assertThat(after.productLastViewTime).containsExactly(Arrays.copyOf(before.productLastViewTime, before.productCount));
            assertThat(after.productNetCarts).containsExactly(Arrays.copyOf(before.productNetCarts, before.productCount));
            assertThat(after.categoryKeys).containsExactly(Arrays.copyOf(before.categoryKeys, before.categoryCount));
            assertThat(after.brandKeys).containsExactly(Arrays.copyOf(before.brandKeys, before.brandCount));
            assertThat(after.recentEventIds).containsExactly(Arrays.copyOf(before.recentEventIds, before.recentEventIdCount));
        }
        assertThat(copy.history.boughtProducts).containsExactly(user.history.boughtProducts);
        assertThat(copy.history.cartedProducts).containsExactly(user.history.cartedProducts);
        assertThat(copy.history.viewedCategoryKeys)
                .containsExactly(Arrays.copyOf(user.history.viewedCategoryKeys, user.history.viewedCategoryCount));
    }

    @Test
    void emptyUserAndUnicodeIdsRoundTrip() throws Exception {
        assertThat(roundTrip(new UserSessions()).open).isEmpty();
        SessionState s = everyFieldSet();
        s.sessionId = "séance-\u00e9\u4e2d-" + "x".repeat(300);
        UserSessions user = new UserSessions();
        user.put(s.sessionId, s);
        assertThat(roundTrip(user).get(s.sessionId)).isNotNull();
    }

    @Test
    void userSessionsWrittenBeforeTheLatestEventWasKeptStillRead() throws Exception {
        DataOutputSerializer format1 = new DataOutputSerializer(16);
        format1.writeByte(1);
        format1.writeLong(42L);
        format1.writeByte(0);

        UserSessions user = UserSessionsSerializer.INSTANCE.deserialize(new DataInputDeserializer(format1.getCopyOfBuffer()));

        assertThat(user.closeTimer).isEqualTo(42L);
        assertThat(user.open).isEmpty();
        assertThat(user.latestEventId).isNull();
    }

    @Test
    void userSessionsWrittenBeforeTheHistoryExistedStillReadWithAnEmptyHistory() throws Exception {
        // Format 2: format byte, timer, no latest event, one session in the layout of then (no history fields after
        // judged_bot), nothing after the sessions.
        SessionState s = everyFieldSet();
        s.sessionIndex = 5;
        DataOutputSerializer format2 = new DataOutputSerializer(256);
        format2.writeByte(2);
        format2.writeLong(42L);
        format2.writeBoolean(false);
        format2.writeByte(1);
        DataOutputSerializer current = new DataOutputSerializer(256);
        FixedWidthLayout.writeSession(s, current);
        // The session as format 3 writes it, less the fields format 3 added: purchase value (8 bytes), session index
        // (a one-byte varint here), previous event time (8) and previous session's outcome (1).
        byte[] session = current.getCopyOfBuffer();
        format2.write(session, 0, session.length - 18);

        UserSessions user = UserSessionsSerializer.INSTANCE.deserialize(new DataInputDeserializer(format2.getCopyOfBuffer()));

        assertThat(user.closeTimer).isEqualTo(42L);
        assertThat(user.open).hasSize(1);
        assertThat(user.open[0].eventCount).isEqualTo(s.eventCount);
        assertThat(user.open[0].judgedBot).isEqualTo(s.judgedBot);
        assertThat(user.open[0].sessionIndex).isZero();
        assertThat(user.open[0].previousSessionConverted).isEqualTo(SessionState.UNKNOWN);
        assertThat(user.history.isEmpty()).isTrue();
    }

    private static UserSessions roundTrip(UserSessions user) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        UserSessionsSerializer.INSTANCE.serialize(user, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        UserSessions copy = UserSessionsSerializer.INSTANCE.deserialize(in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return copy;
    }

    /** Every field of SessionState set to a value unlike its default, so a field the serializer forgets fails the round trip. */
    private static SessionState everyFieldSet() throws Exception {
        SessionState s = new SessionState();
        int k = 1;
        for (Field f : SessionState.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            k++;
            Class<?> t = f.getType();
            if (t == String.class) {
                f.set(s, "id-" + k);
            } else if (t == long.class) {
                f.setLong(s, 1000L + k);
            } else if (t == int.class) {
                f.setInt(s, 100 + k);
            } else if (t == double.class) {
                f.setDouble(s, 0.5 + k);
            } else if (t == float.class) {
                f.setFloat(s, 0.25f + k);
            } else if (t == boolean.class) {
                f.setBoolean(s, true);
            } else if (t == byte.class) {
                f.setByte(s, (byte) 1);
            } else if (t == long[].class) {
                f.set(s, new long[] {k, -k, Long.MAX_VALUE});
            } else if (t == int[].class) {
                f.set(s, new int[] {k, -k});
            } else {
                throw new AssertionError("no test value for field " + f.getName() + " of type " + t);
            }
        }
        // Counts say how much of each array is in use; only that part is state.
        s.productCount = 3;
        s.productKeys = new long[] {1, -2, Long.MAX_VALUE, 99};
        s.productViews = new int[] {4, 5, 6, 0};
        s.productLastViewTime = new long[] {7, 8, 9, 0};
        s.productNetCarts = new int[] {-1, 0, 1, 0};
        s.categoryCount = 1;
        s.brandCount = 2;
        s.recentEventIdCount = 3;
        s.recentEventIdNext = 1;
        return s;
    }
}
