package io.intentstream.job.records;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Flink's type information for {@link ScoreRecord}: its own serializer ({@link ScoreRecordSerializer}), never Kryo. */
public final class ScoreRecordTypeInfo extends RecordTypeInfo<ScoreRecord> {
    private static final long serialVersionUID = 1L;

    public ScoreRecordTypeInfo() {
        super(ScoreRecord.class, ScoreRecordSerializer.INSTANCE);
    }

    /** Named by {@code @TypeInfo} on {@link ScoreRecord}, so every stream of scores uses it. */
    public static final class Factory extends TypeInfoFactory<ScoreRecord> {
        @Override
        public TypeInformation<ScoreRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new ScoreRecordTypeInfo();
        }
    }
}
