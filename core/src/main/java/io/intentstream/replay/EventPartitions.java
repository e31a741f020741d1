package io.intentstream.replay;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.EventType;
import io.intentstream.events.RejectReason;
import io.intentstream.events.ValidationRules;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * Valid events of a history, grouped so that every user's events are in exactly one partition, in input order.
 *
 * <p>Small histories stay in memory as one partition. Beyond {@code maxInMemoryEvents} the events spill
 * to partition files by hash of the user id, so replay needs memory for one partition at a time, not
 * the whole history.
 */
public final class EventPartitions implements AutoCloseable {
    private static final EventType[] TYPES = EventType.values();

    private final int partitionCount;
    private final Path spillDir;
    private List<ClickEvent> memory = new ArrayList<>();
    private DataOutputStream[] spill;
    private long validCount;
    private long rejectedCount;
    private final Map<RejectReason, Long> rejectedByReason = new EnumMap<>(RejectReason.class);
    private final int maxInMemoryEvents;

    private EventPartitions(int maxInMemoryEvents, int partitionCount, Path spillDir) {
        this.maxInMemoryEvents = maxInMemoryEvents;
        this.partitionCount = partitionCount;
        this.spillDir = spillDir;
    }

    /** Reads a history; rejected lines are counted by reason (the trainer reports them) and skipped. */
    public static EventPartitions read(
            Path input, EventFormat format, ValidationRules rules, int maxInMemoryEvents, int partitionCount, Path spillDir)
            throws IOException {
        return read(input, format, rules, maxInMemoryEvents, partitionCount, spillDir, records -> { });
    }

    /**
     * As {@link #read(Path, EventFormat, ValidationRules, int, int, Path)}, telling {@code recordsRead} the number
     * of records read so far every {@value #PROGRESS_EVERY} records and at the end (for a progress display).
     */
    public static EventPartitions read(Path input, EventFormat format, ValidationRules rules, int maxInMemoryEvents,
            int partitionCount, Path spillDir, LongConsumer recordsRead) throws IOException {
        EventPartitions p = new EventPartitions(maxInMemoryEvents, partitionCount, spillDir);
        EventFileReader.read(input, format, rules, (file, line, raw, result) -> {
            if (((p.validCount + p.rejectedCount) & (PROGRESS_EVERY - 1)) == 0) {
                recordsRead.accept(p.validCount + p.rejectedCount);
            }
            if (result.isValid()) {
                p.add(result.event());
            } else {
                p.rejectedCount++;
                p.rejectedByReason.merge(result.reason(), 1L, Long::sum);
            }
        });
        p.finishWriting();
        recordsRead.accept(p.validCount + p.rejectedCount);
        return p;
    }

    /** Records between two progress reports; a power of two. */
    static final int PROGRESS_EVERY = 1 << 14;

    /** In-memory partitions over events already at hand (tests, small inputs). */
    public static EventPartitions of(List<ClickEvent> events) {
        EventPartitions p = new EventPartitions(Integer.MAX_VALUE, 1, null);
        p.memory.addAll(events);
        p.validCount = events.size();
        return p;
    }

    private void add(ClickEvent e) throws IOException {
        validCount++;
        if (spill == null) {
            memory.add(e);
            if (memory.size() > maxInMemoryEvents) {
                startSpilling();
            }
        } else {
            writeEvent(spill[partitionOf(e)], e);
        }
    }

    private int partitionOf(ClickEvent e) {
        return Math.floorMod(e.userId.hashCode(), partitionCount);
    }

    private void startSpilling() throws IOException {
        Files.createDirectories(spillDir);
        spill = new DataOutputStream[partitionCount];
        for (int i = 0; i < partitionCount; i++) {
            spill[i] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partitionFile(i)), 1 << 16));
        }
        for (ClickEvent e : memory) {
            writeEvent(spill[partitionOf(e)], e);
        }
        memory = null;
    }

    private void finishWriting() throws IOException {
        if (spill != null) {
            for (DataOutputStream out : spill) {
                out.close();
            }
        }
    }

    private Path partitionFile(int i) {
        return spillDir.resolve("events-" + i + ".bin");
    }

    public boolean spilled() {
        return spill != null;
    }

    public long validCount() {
        return validCount;
    }

    public long rejectedCount() {
        return rejectedCount;
    }

    public Map<RejectReason, Long> rejectedByReason() {
        return rejectedByReason;
    }

    /** The partitions, each loaded when reached; every user's events are in exactly one. */
    public Iterable<List<ClickEvent>> partitions() {
        if (spill == null) {
            return List.of(memory);
        }
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < partitionCount;
            }

            @Override
            public List<ClickEvent> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    return readPartition(partitionFile(next++));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read spilled partition: " + e.getMessage(), e);
                }
            }
        };
    }

    private static List<ClickEvent> readPartition(Path file) throws IOException {
        List<ClickEvent> events = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                ClickEvent e;
                try {
                    e = readEvent(in);
                } catch (EOFException eof) {
                    break;
                }
                events.add(e);
            }
        }
        return events;
    }

    private static void writeEvent(DataOutputStream out, ClickEvent e) throws IOException {
        out.writeLong(e.eventTime);
        out.writeByte(e.eventType.ordinal());
        out.writeDouble(e.price);
        writeNullable(out, e.eventId);
        writeNullable(out, e.sessionId);
        writeNullable(out, e.userId);
        writeNullable(out, e.productId);
        writeNullable(out, e.categoryId);
        writeNullable(out, e.categoryCode);
        writeNullable(out, e.brand);
        writeNullable(out, e.deviceType);
        writeNullable(out, e.channel);
    }

    private static ClickEvent readEvent(DataInputStream in) throws IOException {
        ClickEvent e = new ClickEvent();
        e.eventTime = in.readLong();
        e.eventType = TYPES[in.readByte()];
        e.price = in.readDouble();
        e.eventId = readNullable(in);
        e.sessionId = readNullable(in);
        e.userId = readNullable(in);
        e.productId = readNullable(in);
        e.categoryId = readNullable(in);
        e.categoryCode = readNullable(in);
        e.brand = readNullable(in);
        e.deviceType = readNullable(in);
        e.channel = readNullable(in);
        return e;
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    @Override
    public void close() throws IOException {
        if (spill != null) {
            for (int i = 0; i < partitionCount; i++) {
                Files.deleteIfExists(partitionFile(i));
            }
        }
    }
}
