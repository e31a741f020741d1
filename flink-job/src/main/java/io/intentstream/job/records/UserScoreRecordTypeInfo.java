package io.intentstream.job.records;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link UserScoreRecord}: its own serializer ({@link UserScoreRecordSerializer}), never Kryo. */
public final class UserScoreRecordTypeInfo extends TypeInformation<UserScoreRecord> {
    private static final long serialVersionUID = 1L;

    /** Named by {@code @TypeInfo} on {@link UserScoreRecord}, so every stream of user scores uses it. */
    public static final class Factory extends TypeInfoFactory<UserScoreRecord> {
        @Override
        public TypeInformation<UserScoreRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new UserScoreRecordTypeInfo();
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<UserScoreRecord> getTypeClass() {
        return UserScoreRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<UserScoreRecord> createSerializer(SerializerConfig config) {
        return UserScoreRecordSerializer.INSTANCE;
    }

    @Override
    @Deprecated
    public TypeSerializer<UserScoreRecord> createSerializer(ExecutionConfig config) {
        return UserScoreRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "UserScoreRecord";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserScoreRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return UserScoreRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof UserScoreRecordTypeInfo;
    }
}
