package io.intentstream.job.records;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link UserScoreRecord} field by field and treats it as immutable, as {@link ScoreRecordSerializer} does
 * for scores: the operator makes a new record for each prediction and nothing downstream changes one.
 */
public final class UserScoreRecordSerializer extends ImmutableRecordSerializer<UserScoreRecord> {
    private static final long serialVersionUID = 1L;
    public static final UserScoreRecordSerializer INSTANCE = new UserScoreRecordSerializer();

    @Override
    public UserScoreRecord createInstance() {
        return new UserScoreRecord();
    }

    @Override
    public void serialize(UserScoreRecord r, DataOutputView out) throws IOException {
        writeNullable(r.userId, out);
        writeNullable(r.eventId, out);
        out.writeLong(r.eventTime);
        writeNullable(r.target, out);
        writeNullable(r.modelVersion, out);
        out.writeFloat(r.value);
    }

    @Override
    public UserScoreRecord deserialize(DataInputView in) throws IOException {
        UserScoreRecord r = new UserScoreRecord();
        r.userId = readNullable(in);
        r.eventId = readNullable(in);
        r.eventTime = in.readLong();
        r.target = readNullable(in);
        r.modelVersion = readNullable(in);
        r.value = in.readFloat();
        return r;
    }

    @Override
    public TypeSerializerSnapshot<UserScoreRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint or savepoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserScoreRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
