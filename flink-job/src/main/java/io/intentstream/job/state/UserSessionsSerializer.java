package io.intentstream.job.state;

import io.intentstream.events.EventType;
import io.intentstream.features.SessionState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a user's {@link UserSessions}: a format byte, the close timer, the latest applied event (time, type,
 * id), the number of open sessions and each session ({@link SessionStateSerializer}), then the user's history
 * ({@link UserHistoryFields}). The format byte lets a later layout read values written by an earlier one, which
 * RocksDB keeps until each user's value is next rewritten: format 1 (without the latest event) and 2 (without the
 * history, which then starts empty) are still read.
 */
public final class UserSessionsSerializer extends TypeSerializerSingleton<UserSessions> {
    private static final long serialVersionUID = 1L;
    public static final UserSessionsSerializer INSTANCE = new UserSessionsSerializer();
    static final int FORMAT = 3;
    static final int FORMAT_WITH_HISTORY = 3;
    private static final int FORMAT_WITHOUT_LATEST_EVENT = 1;
    private static final EventType[] TYPES = EventType.values();

    @Override
    public void serialize(UserSessions user, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(user.closeTimer);
        out.writeBoolean(user.latestEventId != null);
        if (user.latestEventId != null) {
            out.writeLong(user.latestTime);
            out.writeByte(user.latestType.ordinal());
            SessionStateSerializer.writeString(user.latestEventId, out);
        }
        SessionStateSerializer.writeVarInt(user.open.length, out);
        for (SessionState s : user.open) {
            SessionStateSerializer.write(s, out);
        }
        UserHistoryFields.write(user.history, out);
    }

    @Override
    public UserSessions deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format < FORMAT_WITHOUT_LATEST_EVENT || format > FORMAT) {
            throw new IOException("user sessions were written in format " + format + "; this version reads formats "
                    + FORMAT_WITHOUT_LATEST_EVENT + " to " + FORMAT);
        }
        UserSessions user = new UserSessions();
        user.closeTimer = in.readLong();
        if (format > FORMAT_WITHOUT_LATEST_EVENT && in.readBoolean()) {
            user.latestTime = in.readLong();
            user.latestType = TYPES[in.readUnsignedByte()];
            user.latestEventId = SessionStateSerializer.readString(in);
        }
        SessionState[] open = new SessionState[SessionStateSerializer.readVarInt(in)];
        for (int i = 0; i < open.length; i++) {
            open[i] = SessionStateSerializer.read(in, format);
        }
        user.open = open;
        if (format >= FORMAT_WITH_HISTORY) {
            user.history = UserHistoryFields.read(in);
        }
        return user;
    }

    @Override
    public UserSessions deserialize(UserSessions reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public UserSessions copy(UserSessions from) {
        UserSessions c = new UserSessions();
        c.closeTimer = from.closeTimer;
        c.latestTime = from.latestTime;
        c.latestType = from.latestType;
        c.latestEventId = from.latestEventId;
        c.history = from.history.copy();
        c.open = new SessionState[from.open.length];
        for (int i = 0; i < c.open.length; i++) {
            c.open[i] = from.open[i].copy();
        }
        return c;
    }

    @Override
    public UserSessions copy(UserSessions from, UserSessions reuse) {
        return copy(from);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public UserSessions createInstance() {
        return new UserSessions();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public TypeSerializerSnapshot<UserSessions> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserSessions> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
