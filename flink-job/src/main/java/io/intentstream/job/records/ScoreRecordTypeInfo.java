package io.intentstream.job.records;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link ScoreRecord}: its own serializer ({@link ScoreRecordSerializer}), never Kryo. */
public final class ScoreRecordTypeInfo extends TypeInformation<ScoreRecord> {
    private static final long serialVersionUID = 1L;

    /** Named by {@code @TypeInfo} on {@link ScoreRecord}, so every stream of scores uses it. */
    public static final class Factory extends TypeInfoFactory<ScoreRecord> {
        @Override
        public TypeInformation<ScoreRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new ScoreRecordTypeInfo();
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
    public Class<ScoreRecord> getTypeClass() {
        return ScoreRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<ScoreRecord> createSerializer(SerializerConfig config) {
        return ScoreRecordSerializer.INSTANCE;
    }

    @Override
    @Deprecated
    public TypeSerializer<ScoreRecord> createSerializer(ExecutionConfig config) {
        return ScoreRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "ScoreRecord";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return ScoreRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ScoreRecordTypeInfo;
    }
}
