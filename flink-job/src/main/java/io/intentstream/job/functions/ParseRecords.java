package io.intentstream.job.functions;

import io.intentstream.events.EventFormat;
import io.intentstream.events.JsonEventParser;
import io.intentstream.events.LineParser;
import io.intentstream.events.ParseResult;
import io.intentstream.events.RejectReason;
import io.intentstream.events.ValidationRules;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates raw input. Valid events go on; everything else goes to the dead-letter side
 * output with its reason. Nothing about the input's content can make this throw.
 */
public class ParseRecords extends ProcessFunction<RawRecord, io.intentstream.events.ClickEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("parse-dead-letters") {};

    private final EventFormat format;
    private final ValidationRules rules;
    private final int maxDeadLetterRawChars;

    private transient LineParser lineParser;
    private transient JsonEventParser jsonParser;
    private transient JobCounters.Count eventsIn;
    private transient JobCounters.Count eventsValid;
    private transient JobCounters.Count eventsRejected;
    private transient Map<RejectReason, JobCounters.Count> rejectedByReason;

    public ParseRecords(EventFormat format, ValidationRules rules, int maxDeadLetterRawChars) {
        this.format = format;
        this.rules = rules;
        this.maxDeadLetterRawChars = maxDeadLetterRawChars;
    }

    @Override
    public void open(OpenContext openContext) {
        lineParser = format.lineParser(rules);
        jsonParser = format == EventFormat.JSON ? new JsonEventParser(rules) : null;
        eventsIn = JobCounters.register(getRuntimeContext(), JobMetric.EVENTS_IN);
        eventsValid = JobCounters.register(getRuntimeContext(), JobMetric.EVENTS_VALID);
        eventsRejected = JobCounters.register(getRuntimeContext(), JobMetric.EVENTS_REJECTED);
        rejectedByReason = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejectedByReason.put(reason, JobCounters.register(getRuntimeContext(), JobMetric.rejected(reason)));
        }
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<io.intentstream.events.ClickEvent> out) {
        long now = System.currentTimeMillis();
        ParseResult result;
        if (record.text != null) {
            String line = record.text;
            // Blank lines and header rows carry no event; they are not counted as input.
            if (line.isBlank() || lineParser.isHeader(line)) {
                return;
            }
            result = lineParser.parse(line, now);
        } else if (jsonParser != null) {
            result = jsonParser.parse(record.bytes, now);
        } else {
            result = lineParser.parse(record.bytes == null ? null : new String(record.bytes, StandardCharsets.UTF_8), now);
        }
        eventsIn.inc();
        if (result.isValid()) {
            eventsValid.inc();
            result.event().origin = record.origin;
            result.event().arrivedAt = now;
            out.collect(result.event());
        } else {
            eventsRejected.inc();
            rejectedByReason.get(result.reason()).inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(record.payloadAsText(), maxDeadLetterRawChars, result.reason().code(),
                    result.detail(), record.origin, now));
        }
    }
}
