package io.intentstream.job.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link UserTimer}: a tag byte (0 read, 2 expiry, 3 outcome; 1 an outcome in the fixed-width layout of
 * before 2026-12-05), then for an outcome timer its sessions' ids and outcome fields and the user's latest event
 * time. The compact layout ({@link CompactCoding}) writes the first session's last event time in eight bytes and
 * the other times relative to it: about 40 bytes for a session with a UUID id, against 80 in the fixed-width one.
 * In RocksDB the bytes are part of the timer's key, so equal timers must write equal bytes (floats are written
 * with NaN made canonical, as {@link UserTimer.Closing#equals} compares them).
 */
public final class UserTimerSerializer extends TypeSerializerSingleton<UserTimer> {
    private static final long serialVersionUID = 1L;
    public static final UserTimerSerializer INSTANCE = new UserTimerSerializer();
    private static final int READ = 0;
    private static final int FIXED_WIDTH_OUTCOME = 1;
    private static final int EXPIRY = 2;
    private static final int OUTCOME = 3;
    private static final int JUDGED_BOT = 1;

    @Override
    public void serialize(UserTimer t, DataOutputView out) throws IOException {
        switch (t.kind) {
            case READ:
                out.writeByte(READ);
                break;
            case EXPIRY:
                out.writeByte(EXPIRY);
                break;
            default:
                if (t.fixedWidth) {
                    out.writeByte(FIXED_WIDTH_OUTCOME);
                    writeFixedWidth(t, out);
                } else {
                    out.writeByte(OUTCOME);
                    writeCompact(t, out);
                }
        }
    }

    private static void writeCompact(UserTimer t, DataOutputView out) throws IOException {
        long anchor = t.sessions.length == 0 ? 0 : t.sessions[0].lastEventTime;
        SessionStateSerializer.writeVarInt(t.sessions.length, out);
        if (t.sessions.length > 0) {
            out.writeLong(anchor);
        }
        CompactCoding.writeTime(t.historyLastEventTime, anchor, out);
        for (int i = 0; i < t.sessions.length; i++) {
            UserTimer.Closing c = t.sessions[i];
            CompactCoding.writeId(c.sessionId, out);
            if (i > 0) {
                CompactCoding.writeTime(c.lastEventTime, anchor, out);
            }
            CompactCoding.writeTime(c.firstEventTime, c.lastEventTime, out);
            SessionStateSerializer.writeVarInt(c.eventCount, out);
            CompactCoding.writeTime(c.firstPurchaseTime, c.firstEventTime, out);
            out.writeFloat(c.lastPropensityBeforePurchase);
            out.writeByte(c.judgedBot ? JUDGED_BOT : 0);
        }
    }

    private static UserTimer readCompact(DataInputView in) throws IOException {
        UserTimer.Closing[] sessions = new UserTimer.Closing[SessionStateSerializer.readVarInt(in)];
        long anchor = sessions.length == 0 ? 0 : in.readLong();
        long historyLastEventTime = CompactCoding.readTime(anchor, in);
        for (int i = 0; i < sessions.length; i++) {
            String sessionId = CompactCoding.readId(in);
            long lastEventTime = i == 0 ? anchor : CompactCoding.readTime(anchor, in);
            long firstEventTime = CompactCoding.readTime(lastEventTime, in);
            int eventCount = SessionStateSerializer.readVarInt(in);
            long firstPurchaseTime = CompactCoding.readTime(firstEventTime, in);
            float propensity = in.readFloat();
            boolean judgedBot = (in.readUnsignedByte() & JUDGED_BOT) != 0;
            sessions[i] = new UserTimer.Closing(sessionId, firstEventTime, lastEventTime, eventCount, firstPurchaseTime,
                    propensity, judgedBot);
        }
        return new UserTimer(UserTimer.Kind.OUTCOME, sessions, historyLastEventTime, false);
    }

    private static void writeFixedWidth(UserTimer t, DataOutputView out) throws IOException {
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

    private static UserTimer readFixedWidth(DataInputView in) throws IOException {
        long historyLastEventTime = in.readLong();
        UserTimer.Closing[] sessions = new UserTimer.Closing[in.readUnsignedByte()];
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = new UserTimer.Closing(SessionStateSerializer.readString(in), in.readLong(), in.readLong(),
                    in.readInt(), in.readLong(), in.readFloat(), in.readBoolean());
        }
        return new UserTimer(UserTimer.Kind.OUTCOME, sessions, historyLastEventTime, true);
    }

    @Override
    public UserTimer deserialize(DataInputView in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case READ:
                return UserTimer.READ;
            case EXPIRY:
                return UserTimer.EXPIRY;
            case FIXED_WIDTH_OUTCOME:
                return readFixedWidth(in);
            case OUTCOME:
                return readCompact(in);
            default:
                throw new IOException("unknown user timer kind " + tag);
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
