package io.intentstream.job.connectors.redis;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink into the Redis online store: each subtask holds one {@link OnlineStoreWriter}, sends a pipeline every
 * {@code batch} records and whatever is buffered at each checkpoint and at the end of input, so a checkpoint
 * completes only once its records are in Redis (at-least-once; the writes are idempotent).
 */
public final class RedisSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** How one record becomes writes: e.g. {@code (score, store) -> store.sessionScore(score)}. */
    @FunctionalInterface
    public interface Mapping<T> extends Serializable {
        void write(T record, OnlineStoreWriter store);
    }

    private final String uri;
    private final long ttlMillis;
    private final int batch;
    private final Mapping<T> mapping;

    public RedisSink(String uri, long ttlMillis, int batch, Mapping<T> mapping) {
        if (batch <= 0) {
            throw new IllegalArgumentException("--redis-batch must be positive, not " + batch);
        }
        this.uri = uri;
        this.ttlMillis = ttlMillis;
        this.batch = batch;
        this.mapping = mapping;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(new OnlineStoreWriter(uri, ttlMillis), batch, mapping);
    }

    /** Flink 1.20 still declares this one abstract; it is the same writer. */
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) {
        return new Writer<>(new OnlineStoreWriter(uri, ttlMillis), batch, mapping);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final OnlineStoreWriter store;
        private final int batch;
        private final Mapping<T> mapping;

        Writer(OnlineStoreWriter store, int batch, Mapping<T> mapping) {
            this.store = store;
            this.batch = batch;
            this.mapping = mapping;
        }

        @Override
        public void write(T element, Context context) {
            mapping.write(element, store);
            if (store.pending() >= batch) {
                store.flush();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            store.flush();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
