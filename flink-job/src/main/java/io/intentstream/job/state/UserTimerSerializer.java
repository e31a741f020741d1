package io.intentstream.job.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link UserTimer}: its kind as a byte, then for an outcome timer the user's latest event time and each
 * carried session's id and outcome fields. In RocksDB the bytes are part of the timer's key, so equal timers must write equal bytes.
 */
public final class UserTimerSerializer extends TypeSerializerSingleton<UserTimer> {
    private static final long serialVersionUID = 1L;
    public static final UserTimerSerializer INSTANCE = new UserTimerSerializer();
    private static final UserTimer.Kind[] KINDS = UserTimer.Kind.values();

    @Override
    public void serialize(UserTimer t, DataOutputView out) throws IOException {
        out.writeByte(t.kind.ordinal());
        if (t.kind == UserTimer.Kind.OUTCOME) {
            out.writeLong(t.historyLastEventTime);
            out.writeByte(t.sessions.length);
            for (UserTimer.Closing c : t.sessions) {
                SessionStateSerializer.writeString(c.sessionId, out);
                out.writeLong(c.firstEventTime);
                out.writeLong(c.lastEventTime);
                out.writeInt(c.eventCount);
                out.writeLong(c.firstPurchaseTime);
                out.writeFloat(c.lastPropensityBeforePurchase);
                out.writeBoolean(c.judgedBot);
            }
        }
    }

    @Override
    public UserTimer deserialize(DataInputView in) throws IOException {
        int kind = in.readUnsignedByte();
        if (kind >= KINDS.length) {
            throw new IOException("unknown user timer kind " + kind);
        }
        switch (KINDS[kind]) {
            case READ:
                return UserTimer.READ;
            case EXPIRY:
                return UserTimer.EXPIRY;
            default:
                long historyLastEventTime = in.readLong();
                UserTimer.Closing[] sessions = new UserTimer.Closing[in.readUnsignedByte()];
                for (int i = 0; i < sessions.length; i++) {
                    sessions[i] = new UserTimer.Closing(SessionStateSerializer.readString(in), in.readLong(), in.readLong(),
                            in.readInt(), in.readLong(), in.readFloat(), in.readBoolean());
                }
                return new UserTimer(UserTimer.Kind.OUTCOME, sessions, historyLastEventTime);
        }
    }

    @Override
    public UserTimer deserialize(UserTimer reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public UserTimer copy(UserTimer from) {
        return from;
    }

    @Override
    public UserTimer copy(UserTimer from, UserTimer reuse) {
        return from;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public UserTimer createInstance() {
        return UserTimer.READ;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public TypeSerializerSnapshot<UserTimer> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserTimer> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
