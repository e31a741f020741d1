package io.intentstream.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.JsonEventParser;
import io.intentstream.events.ParseResult;
import io.intentstream.events.RejectReason;
import io.intentstream.events.ValidationRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the bodies of /predict (a JSON array of events of one session) and /predict/batch (an array of such arrays),
 * checking every event with the job's parser and rules, so an event the job would send to its dead letters is
 * refused here with the same reason code (docs/events.md).
 */
final class PredictRequests {
    /** Sessions in one /predict/batch request. */
    static final int MAX_SESSIONS = 1000;

    private final ObjectMapper json;
    private final JsonEventParser parser;

    PredictRequests(ObjectMapper json, ValidationRules rules) {
        this.json = json;
        this.parser = new JsonEventParser(rules);
    }

    List<ClickEvent> session(byte[] body) {
        return session(array(tree(body), "the body"), "");
    }

    List<List<ClickEvent>> batch(byte[] body) {
        JsonNode sessions = array(tree(body), "the body");
        if (sessions.size() > MAX_SESSIONS) {
            throw new ApiError(400, "too_many_sessions", sessions.size() + " sessions; at most " + MAX_SESSIONS);
        }
        List<List<ClickEvent>> out = new ArrayList<>(sessions.size());
        for (int i = 0; i < sessions.size(); i++) {
            out.add(session(array(sessions.get(i), "session " + i), i + "."));
        }
        return out;
    }

    private JsonNode tree(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiError(400, RejectReason.INVALID_JSON.code(), "empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, RejectReason.INVALID_JSON.code(), e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiError(400, RejectReason.INVALID_JSON.code(), e.getMessage());
        }
    }

    private static JsonNode array(JsonNode node, String what) {
        if (!node.isArray()) {
            throw new ApiError(400, "not_an_array", what + " must be a JSON array of events, not " + node.getNodeType());
        }
        if (node.isEmpty()) {
            throw new ApiError(400, "empty_session", what + " has no events");
        }
        return node;
    }

    /** Every event parsed as the job parses one record; all rejections are reported, not only the first. */
    private List<ClickEvent> session(JsonNode events, String indexPrefix) {
        long now = System.currentTimeMillis();
        List<ClickEvent> valid = new ArrayList<>(events.size());
        List<Map<String, Object>> rejects = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ParseResult result = parser.parse(events.get(i).toString(), now);
            if (result.isValid()) {
                valid.add(result.event());
            } else {
                Map<String, Object> reject = new LinkedHashMap<>();
                reject.put("index", indexPrefix + i);
                reject.put("reason", result.reason().code());
                reject.put("detail", result.detail());
                rejects.add(reject);
            }
        }
        if (!rejects.isEmpty()) {
            throw new ApiError(422, "invalid_events", rejects.size() + " of " + events.size() + " events rejected", rejects);
        }
        ClickEvent first = valid.get(0);
        for (ClickEvent e : valid) {
            if (!e.userId.equals(first.userId) || !e.sessionId.equals(first.sessionId)) {
                throw new ApiError(400, "mixed_sessions", "a session's events share one user_id and session_id; found "
                        + first.userId + "/" + first.sessionId + " and " + e.userId + "/" + e.sessionId);
            }
        }
        return valid;
    }
}
