package io.intentstream.events;

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines) into a reusable array. */
final class CsvFields {
    private CsvFields() {}

    /**
     * Checks the size, splits and checks the column count of one record.
     *
     * @return {@code null} when {@code out} holds exactly {@code out.length} columns, else the rejection
     */
    static ParseResult splitRecord(String line, String[] out, int maxRecordBytes) {
        if (line.length() > maxRecordBytes) {
            return ParseResult.rejected(RejectReason.RECORD_TOO_LARGE, line.length() + " characters");
        }
        int n = split(line, out);
        if (n < 0) {
            // split signals an unterminated quoted cell with -1, which is not a column count.
            return ParseResult.rejected(RejectReason.INVALID_CSV, "unbalanced quotes");
        }
        if (n != out.length) {
            return ParseResult.rejected(RejectReason.INVALID_CSV, "expected " + out.length + " columns, found " + n);
        }
        return null;
    }

    /**
     * Splits {@code line} into {@code out}.
     *
     * @return the number of fields found, or -1 on unbalanced quotes; fields beyond {@code out.length} are counted but dropped
     */
    static int split(String line, String[] out) {
        int count = 0;
        int n = line.length();
        int i = 0;
        while (true) {
            String field;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        return -1;
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    return -1;
                }
                field = sb.toString();
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                field = line.substring(i, end);
                i = end;
            }
            if (count < out.length) {
                out[count] = field;
            }
            count++;
            if (i >= n) {
                return count;
            }
            i++; // skip the comma
            if (i == n) {
                if (count < out.length) {
                    out[count] = "";
                }
                return count + 1;
            }
        }
    }
}
