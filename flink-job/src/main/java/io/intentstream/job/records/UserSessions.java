package io.intentstream.job.records;

import java.util.Arrays;

/**
 * Per user, the ids of the open sessions (usually one) and the time of the user's close timer: enough
 * to close sessions by point lookups, without iterating a RocksDB prefix full of tombstones.
 */
public class UserSessions {
    public static final long NO_TIMER = Long.MIN_VALUE;

    public String[] openSessionIds = new String[0];
    public long closeTimer = NO_TIMER;

    public UserSessions() {}

    public boolean isEmpty() {
        return openSessionIds.length == 0;
    }

    /** Adds the id unless present; returns whether it was added. */
    public boolean add(String sessionId) {
        for (String id : openSessionIds) {
            if (id.equals(sessionId)) {
                return false;
            }
        }
        openSessionIds = Arrays.copyOf(openSessionIds, openSessionIds.length + 1);
        openSessionIds[openSessionIds.length - 1] = sessionId;
        return true;
    }
}
