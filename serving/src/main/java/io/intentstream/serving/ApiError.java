package io.intentstream.serving;

import java.util.List;
import java.util.Map;

/** A request the service refuses: the HTTP status and the JSON body that says why ({@code error}, {@code detail}). */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    /** Per-event rejections of /predict: index, event_id, reason (the job's reject codes), detail. */
    final List<Map<String, Object>> rejects;

    ApiError(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    ApiError(int status, String code, String detail, List<Map<String, Object>> rejects) {
        super(detail);
        this.status = status;
        this.code = code;
        this.rejects = rejects;
    }
}
