package io.intentstream.job.connectors.kinesis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kinesis data stream ARN, {@code arn:<partition>:kinesis:<region>:<account>:stream/<name>}, checked up front. */
public final class KinesisStreamArn {
    private static final Pattern ARN =
            Pattern.compile("arn:(aws[a-z-]*):kinesis:([a-z0-9-]+):(\\d{12}):stream/([a-zA-Z0-9_.-]{1,128})");

    public final String arn;
    public final String region;
    public final String account;
    public final String name;

    private KinesisStreamArn(String arn, String region, String account, String name) {
        this.arn = arn;
        this.region = region;
        this.account = account;
        this.name = name;
    }

    /** Parses an ARN; the message of the exception says what a valid one looks like. */
    public static KinesisStreamArn parse(String arn) {
        Matcher m = arn == null ? null : ARN.matcher(arn.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a Kinesis stream ARN: '" + arn
                    + "' (expected arn:aws:kinesis:<region>:<12-digit account>:stream/<name>)");
        }
        return new KinesisStreamArn(m.group(0), m.group(2), m.group(3), m.group(4));
    }

    /** The stream name at the end of an ARN, without validating the rest (the source has validated it already). */
    static String nameOf(String arn) {
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn : arn.substring(slash + 1);
    }

    @Override
    public String toString() {
        return arn;
    }
}
