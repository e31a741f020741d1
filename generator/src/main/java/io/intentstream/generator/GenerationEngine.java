package io.intentstream.generator;

import java.util.PriorityQueue;

/**
 * The pull-based core: each {@link #next()} produces one output line.
 *
 * <p>New sessions arrive as a non-homogeneous Poisson process (thinning against the seasonal rate);
 * active sessions sit in a heap by next event time; the earliest one yields its event and moves on.
 * So lines come out in event-time order across all users, and memory is the set of overlapping
 * sessions plus the events deliberately held back for disorder, whatever the total volume.
 *
 * <p>Faults are drawn per event from their own random stream: each event is at most one of
 * duplicated, delayed within the disorder bound, or delayed beyond it; independently a broken copy
 * may follow it. A held-back event within the bound is released just before the first regular event
 * later than its release time, so its lateness never exceeds the bound; one beyond the bound is released
 * only once a regular event at or after its release time has gone out, so it is always late.
 */
final class GenerationEngine {
    /** Told when a session has produced its last event (or was cut off by the event limit). */
    interface SessionListener {
        void sessionEnded(Session session, boolean truncated);
    }

    private static final class Delayed implements Comparable<Delayed> {
        final long release;
        final long order;
        final long delay;
        final EventRecord record = new EventRecord();

        Delayed(long release, long order, long delay, EventRecord source) {
            this.release = release;
            this.order = order;
            this.delay = delay;
            record.copyFrom(source);
        }

        @Override
        public int compareTo(Delayed o) {
            return release != o.release ? Long.compare(release, o.release) : Long.compare(order, o.order);
        }
    }

    private static final long FAULT_STREAM = 0xFA017L;
    private static final long ARRIVAL_STREAM = 0xA7717L;
    private static final long MALFORMED_STREAM = 0xBAD11L;

    final GeneratorConfig config;
    private final Faults faults;
    final SessionFactory factory;
    private final LineRenderer renderer;
    private final SessionListener listener;
    private final SessionHeap heap = new SessionHeap();
    private final Rng arrivalRng;
    private final Rng faultRng;
    private final Rng malformedRng;
    private final MalformedKind[] kinds;
    private final PriorityQueue<Delayed> outOfOrder = new PriorityQueue<>();
    private final PriorityQueue<Delayed> late = new PriorityQueue<>();
    private final double maxRatePerMilli;
    private final long end;

    private long nextArrival;
    private boolean arrivalsDone;
    private long sessionOrdinal;
    private long delayedOrder;
    private boolean finished;

    private final EventRecord staged = new EventRecord();
    private boolean hasStaged;
    private boolean pendingDuplicate;
    private boolean pendingMalformed;
    private final EventRecord malformedSource = new EventRecord();
    private long maxRegularTime = Long.MIN_VALUE;

    /** The line produced by the last {@link #next()}; valid until the next call. */
    final ByteLine line = new ByteLine();
    LineKind lineKind;
    /** The event behind the line (for malformed lines, the event it is a broken copy of). */
    final EventRecord lineRecord = new EventRecord();
    MalformedKind lineMalformedKind;
    String lineNote;
    long lineDelay;

    long events;
    long lines;
    long sessions;
    long botSessions;
    long duplicates;
    long outOfOrderCount;
    long lateCount;
    final long[] malformedByKind = new long[MalformedKind.values().length];
    int maxActiveSessions;
    int maxDelayed;

    GenerationEngine(GeneratorConfig config, SessionListener listener) {
        Population population = config.population();
        this.config = config;
        this.faults = config.faults();
        this.listener = listener;
        this.factory = new SessionFactory(config);
        this.renderer = new LineRenderer(factory.catalog, config.layout().format(), config.layout().timeFormat());
        this.arrivalRng = new Rng(Rng.derive(population.seed(), ARRIVAL_STREAM, 0));
        this.faultRng = new Rng(Rng.derive(population.seed(), FAULT_STREAM, 0));
        this.malformedRng = new Rng(Rng.derive(population.seed(), MALFORMED_STREAM, 0));
        this.kinds = faults.malformedKinds().toArray(new MalformedKind[0]);
        double ratePerMilli = population.users() * population.sessionsPerUserPerDay() / 86_400_000.0;
        this.maxRatePerMilli = ratePerMilli * factory.seasonality.maxFactor();
        this.end = population.endMillis();
        this.nextArrival = population.startMillis();
        advanceArrival();
    }

    Catalog catalog() {
        return factory.catalog;
    }

    /** Draws the next session start by thinning: propose at the peak rate, keep with the seasonal share. */
    private void advanceArrival() {
        long t = nextArrival;
        double exact = t;
        while (true) {
            exact += arrivalRng.exponential(1 / maxRatePerMilli);
            if (exact >= end) {
                arrivalsDone = true;
                return;
            }
            t = (long) exact;
            if (arrivalRng.nextDouble() * factory.seasonality.maxFactor() < factory.seasonality.factor(t)) {
                nextArrival = t;
                return;
            }
        }
    }

    /** Produces the next line; false when the run is complete. */
    boolean next() {
        while (true) {
            if (pendingDuplicate) {
                pendingDuplicate = false;
                lineKind = LineKind.DUPLICATE;
                duplicates++;
                lines++;
                return true;
            }
            if (pendingMalformed) {
                pendingMalformed = false;
                MalformedKind kind = kinds[malformedRng.nextInt(kinds.length)];
                lineNote = renderer.renderMalformed(malformedSource, line, kind, malformedRng);
                lineRecord.copyFrom(malformedSource);
                lineKind = LineKind.MALFORMED;
                lineMalformedKind = kind;
                lineDelay = 0;
                malformedByKind[kind.ordinal()]++;
                lines++;
                return true;
            }
            stage();
            long t = hasStaged ? staged.time : Long.MAX_VALUE;
            if (!outOfOrder.isEmpty() && (outOfOrder.peek().release < t || !hasStaged)) {
                emitDelayed(outOfOrder.poll(), LineKind.OUT_OF_ORDER);
                outOfOrderCount++;
                return true;
            }
            if (!late.isEmpty() && (late.peek().release <= maxRegularTime || !hasStaged)) {
                emitDelayed(late.poll(), LineKind.LATE);
                lateCount++;
                return true;
            }
            if (!hasStaged) {
                return false;
            }
            hasStaged = false;
            boolean malformed = faults.malformedRate() > 0 && faultRng.nextDouble() < faults.malformedRate();
            if (malformed) {
                malformedSource.copyFrom(staged);
                pendingMalformed = true;
            }
            double u = faultRng.nextDouble();
            long bound = faults.disorderBound().toMillis();
            if (u < faults.outOfOrderRate()) {
                long delay = 1 + (long) (faultRng.nextDouble() * bound);
                hold(outOfOrder, delay);
                continue;
            }
            if (u < faults.outOfOrderRate() + faults.lateRate()) {
                long maxDelay = faults.lateMaxDelay().toMillis();
                long delay = bound + 1 + (long) (faultRng.nextDouble() * (maxDelay - bound));
                hold(late, Math.min(delay, maxDelay));
                continue;
            }
            pendingDuplicate = u < faults.outOfOrderRate() + faults.lateRate() + faults.duplicateRate();
            renderer.render(staged, line);
            lineRecord.copyFrom(staged);
            lineKind = LineKind.EVENT;
            lineDelay = 0;
            maxRegularTime = Math.max(maxRegularTime, staged.time);
            lines++;
            return true;
        }
    }

    private void hold(PriorityQueue<Delayed> queue, long delay) {
        queue.add(new Delayed(staged.time + delay, delayedOrder++, delay, staged));
        maxDelayed = Math.max(maxDelayed, outOfOrder.size() + late.size());
    }

    private void emitDelayed(Delayed d, LineKind kind) {
        renderer.render(d.record, line);
        lineRecord.copyFrom(d.record);
        lineKind = kind;
        lineDelay = d.delay;
        lines++;
    }

    /** Makes sure the next regular event (if any) is in {@link #staged}. */
    private void stage() {
        if (hasStaged || finished) {
            return;
        }
        while (true) {
            long maxEvents = config.population().maxEvents();
            if (maxEvents > 0 && events >= maxEvents) {
                while (heap.size() > 0) {
                    listener.sessionEnded(heap.poll(), true);
                }
                finished = true;
                return;
            }
            Session top = heap.peek();
            if (!arrivalsDone && (top == null || nextArrival <= top.nextTime)) {
                boolean bot = faults.botRate() > 0 && arrivalRng.nextDouble() < faults.botRate();
                Session s = factory.create(sessionOrdinal++, nextArrival, bot, arrivalRng);
                sessions++;
                if (bot) {
                    botSessions++;
                }
                heap.add(s);
                maxActiveSessions = Math.max(maxActiveSessions, heap.size());
                advanceArrival();
                continue;
            }
            if (top == null) {
                finished = true;
                return;
            }
            staged.time = top.nextTime;
            staged.type = top.nextType;
            staged.session = top;
            staged.seq = top.seq;
            staged.productId = top.nextProduct;
            staged.category = top.nextCategory;
            staged.priceCents = top.nextPriceCents();
            hasStaged = true;
            events++;
            if (top.advance()) {
                heap.replaceTop();
            } else {
                heap.poll();
                listener.sessionEnded(top, false);
            }
            return;
        }
    }

    int activeSessions() {
        return heap.size();
    }
}
