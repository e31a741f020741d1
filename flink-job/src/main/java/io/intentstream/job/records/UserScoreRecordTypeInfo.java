package io.intentstream.job.records;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Flink's type information for {@link UserScoreRecord}: its own serializer ({@link UserScoreRecordSerializer}), never Kryo. */
public final class UserScoreRecordTypeInfo extends RecordTypeInfo<UserScoreRecord> {
    private static final long serialVersionUID = 1L;

    public UserScoreRecordTypeInfo() {
        super(UserScoreRecord.class, UserScoreRecordSerializer.INSTANCE);
    }

    /** Named by {@code @TypeInfo} on {@link UserScoreRecord}, so every stream of user scores uses it. */
    public static final class Factory extends TypeInfoFactory<UserScoreRecord> {
        @Override
        public TypeInformation<UserScoreRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new UserScoreRecordTypeInfo();
        }
    }
}
