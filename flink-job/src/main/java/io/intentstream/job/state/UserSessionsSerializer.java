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
 * Writes a user's {@link UserSessions}: a format byte, whether the latest applied event follows, the latest event
 * (time as eight bytes, the value's base time; type; id), the close timer relative to the base, the number of open
 * sessions, the user id they share, each session ({@link SessionStateSerializer}), then the user's history
 * ({@link UserHistoryFields}). Format 4 is compact ({@link CompactCoding}): about 40% fewer bytes than format 3's
 * fixed-width fields. The format byte lets a later layout read values written by an earlier one, which RocksDB keeps
 * until each user's value is next rewritten: formats 1 (without the latest event), 2 (without the history, which
 * then starts empty) and 3 (fixed-width) are still read.
 */
public final class UserSessionsSerializer extends TypeSerializerSingleton<UserSessions> {
    private static final long serialVersionUID = 1L;
    public static final UserSessionsSerializer INSTANCE = new UserSessionsSerializer();
    static final int FORMAT = 4;
    static final int FORMAT_WITH_HISTORY = 3;
    private static final int LAST_FIXED_WIDTH_FORMAT = 3;
    private static final int FORMAT_WITHOUT_LATEST_EVENT = 1;
    private static final EventType[] TYPES = EventType.values();

    @Override
    public void serialize(UserSessions user, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        boolean hasLatest = user.latestEventId != null;
        out.writeBoolean(hasLatest);
        long base = hasLatest ? user.latestTime : 0;
        if (hasLatest) {
            out.writeLong(user.latestTime);
            out.writeByte(user.latestType.ordinal());
            CompactCoding.writeId(user.latestEventId, out);
        }
        CompactCoding.writeTime(user.closeTimer, base, out);
        SessionStateSerializer.writeVarInt(user.open.length, out);
        String userId = user.open.length == 0 ? null : user.open[0].userId;
        if (user.open.length > 0) {
            CompactCoding.writeId(userId, out);
        }
        for (SessionState s : user.open) {
            SessionStateSerializer.write(s, userId, base, out);
        }
        UserHistoryFields.write(user.history, base, out);
    }

    @Override
    public UserSessions deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format < FORMAT_WITHOUT_LATEST_EVENT || format > FORMAT) {
            throw new IOException("user sessions were written in format " + format + "; this version reads formats "
                    + FORMAT_WITHOUT_LATEST_EVENT + " to " + FORMAT);
        }
        return format <= LAST_FIXED_WIDTH_FORMAT ? readFixedWidth(in, format) : readCompact(in);
    }

    private static UserSessions readCompact(DataInputView in) throws IOException {
        UserSessions user = new UserSessions();
        long base = 0;
        if (in.readBoolean()) {
            user.latestTime = in.readLong();
            user.latestType = TYPES[in.readUnsignedByte()];
            user.latestEventId = CompactCoding.readId(in);
            base = user.latestTime;
        }
        user.closeTimer = CompactCoding.readTime(base, in);
        SessionState[] open = new SessionState[SessionStateSerializer.readVarInt(in)];
        String userId = open.length == 0 ? null : CompactCoding.readId(in);
        for (int i = 0; i < open.length; i++) {
            open[i] = SessionStateSerializer.read(in, userId, base);
        }
        user.open = open;
        user.history = UserHistoryFields.read(in, base);
        return user;
    }

    /** Formats 1 to 3: fixed-width fields, each session with both its ids. */
    private static UserSessions readFixedWidth(DataInputView in, int format) throws IOException {
        UserSessions user = new UserSessions();
        user.timerInFixedWidthLayout = true;
        user.closeTimer = in.readLong();
        if (format > FORMAT_WITHOUT_LATEST_EVENT && in.readBoolean()) {
            user.latestTime = in.readLong();
            user.latestType = TYPES[in.readUnsignedByte()];
            user.latestEventId = SessionStateSerializer.readString(in);
        }
        SessionState[] open = new SessionState[SessionStateSerializer.readVarInt(in)];
        for (int i = 0; i < open.length; i++) {
            open[i] = SessionStateSerializer.readFixedWidth(in, format);
        }
        user.open = open;
        if (format >= FORMAT_WITH_HISTORY) {
            user.history = UserHistoryFields.readFixedWidth(in);
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
        c.timerInFixedWidthLayout = from.timerInFixedWidthLayout;
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
