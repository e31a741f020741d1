package io.intentstream.abreport;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.registry.LocalRegistryStore;
import io.intentstream.registry.ModelRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/intentstream ab-report}: reads the archive's session outcomes (and scores) and prints, per arm, users,
 * sessions, conversion rates with intervals, the comparisons between arms, a sample-ratio check and each arm's
 * model quality. What each statistic is and why: docs/lifecycle-ab-report.md.
 */
public final class AbReportCli {
    static final Option<String> ARCHIVE = Option.string("archive", null,
            "the job's Parquet archive root (a local directory; its session_outcomes/ and scores/ are read)");
    static final Option<Instant> FROM = Option.instant("from", null,
            "analyse sessions that started (first_event_time) at or after this instant; unset: from the first");
    static final Option<Instant> TO = Option.instant("to", null,
            "analyse sessions that started before this instant, so the window [from, to) is half-open; unset: to the last");
    static final Option<Double> CHALLENGER_SHARE = Option.decimal("challenger-share", null,
            "configured share of users in the challenger arm, for the sample-ratio check (instead of --registry)");
    static final Option<Double> HOLDOUT_SHARE = Option.decimal("holdout-share", null,
            "configured share of users in the holdout arm, for the sample-ratio check (instead of --registry)");
    static final Option<String> REGISTRY = Option.string("registry", null,
            "model registry root (a local directory): the shares and experiment of the current stages of --model-name");
    static final Option<String> MODEL_NAME = Option.string("model-name", "purchase-intent", "model in the registry");
    static final Option<Boolean> INCLUDE_BOTS = Option.bool("include-bots", false,
            "also analyse sessions the job judged bots (left out by default: the job stopped scoring them)");
    static final Option<Double> CONFIDENCE = Option.decimal("confidence", 0.95, "confidence level of every interval");
    static final Option<Double> SRM_THRESHOLD = Option.decimal("srm-threshold", 0.001,
            "flag a sample-ratio mismatch when the chi-square p-value is below this");
    static final Option<Integer> CALIBRATION_BINS = Option.integer("calibration-bins", 10,
            "equal-count score bins of the expected calibration error");
    static final Option<Format> FORMAT = Option.choice("format", Format.TEXT, Format.class,
            "text: tables for a person; json: every number, for machines");
    static final Option<String> OUTPUT = Option.string("output", null, "write the report to this file; unset: stdout");

    /** Output layouts. */
    enum Format { TEXT, JSON }

    private AbReportCli() {}

    public static Options options() {
        return new Options("bin/intentstream ab-report",
                "Compares the arms of an A/B test (champion, challenger, holdout) from the job's archive: conversion per "
                        + "session and per user with intervals and tests, a sample-ratio check, and each arm's model AUC "
                        + "and calibration (docs/lifecycle-ab-report.md).")
                .add(ARCHIVE).add(FROM).add(TO).add(CHALLENGER_SHARE).add(HOLDOUT_SHARE).add(REGISTRY).add(MODEL_NAME)
                .add(INCLUDE_BOTS).add(CONFIDENCE).add(SRM_THRESHOLD).add(CALIBRATION_BINS).add(FORMAT).add(OUTPUT);
    }

    public static void main(String[] args) {
        int status = execute(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the command; returns the exit status: 0 done, 1 the archive or registry could not be read, 2 bad options. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        if (Options.wantsHelp(args)) {
            out.print(options.help());
            return 0;
        }
        try {
            Options.Values values = options.parse(args);
            String rendered = render(run(values), values.get(FORMAT));
            if (values.get(OUTPUT) == null) {
                out.print(rendered);
            } else {
                Files.writeString(Path.of(values.get(OUTPUT)), rendered, StandardCharsets.UTF_8);
                err.println("report written to " + values.get(OUTPUT));
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static String render(AbReport report, Format format) {
        return format == Format.JSON ? ReportJson.render(report) : ReportText.render(report);
    }

    /** Checks the options, reads the archive and computes the report. */
    static AbReport run(Options.Values v) throws IOException {
        if (v.get(ARCHIVE) == null) {
            throw new IllegalArgumentException("--archive is required (see --help)");
        }
        Instant from = v.get(FROM);
        Instant to = v.get(TO);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        AbReport.Settings settings = new AbReport.Settings(v.get(CONFIDENCE), v.get(SRM_THRESHOLD), v.get(CALIBRATION_BINS),
                v.get(INCLUDE_BOTS));
        if (!(settings.confidence() > 0 && settings.confidence() < 1)) {
            throw new IllegalArgumentException("--confidence must be in (0, 1), got " + settings.confidence());
        }
        if (!(settings.srmThreshold() > 0 && settings.srmThreshold() < 1)) {
            throw new IllegalArgumentException("--srm-threshold must be in (0, 1), got " + settings.srmThreshold());
        }
        if (settings.calibrationBins() < 1) {
            throw new IllegalArgumentException("--calibration-bins must be at least 1, got " + settings.calibrationBins());
        }
        ConfiguredSplit split = split(v, from);
        Path root = Path.of(v.get(ARCHIVE));
        OutcomeArchive archive = new OutcomeArchive(root);
        ExperimentTally tally = new ExperimentTally(settings.includeBots());
        archive.sessions(from, to, tally);
        Map<String, Map<String, Long>> scored = archive.scoredEvents(from, to);
        return AbReport.analyse(root.toString(), from, to, settings, tally, split, scored);
    }

    private static ConfiguredSplit split(Options.Values v, Instant from) throws IOException {
        boolean shares = v.isSet(CHALLENGER_SHARE) || v.isSet(HOLDOUT_SHARE);
        if (shares && v.get(REGISTRY) != null) {
            throw new IllegalArgumentException("give the shares either as --challenger-share/--holdout-share or by "
                    + "--registry, not both");
        }
        if (shares) {
            return ConfiguredSplit.of(orZero(v.get(CHALLENGER_SHARE)), orZero(v.get(HOLDOUT_SHARE)));
        }
        if (v.get(REGISTRY) != null) {
            Path registry = Path.of(v.get(REGISTRY));
            if (!Files.isDirectory(registry)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--registry %s is not a directory", registry));
            }
            return ConfiguredSplit.fromRegistry(new ModelRegistry(new LocalRegistryStore(registry), "ab-report",
                    Clock.systemUTC()), v.get(MODEL_NAME), from);
        }
        return ConfiguredSplit.none();
    }

    private static double orZero(Double share) {
        return share == null ? 0 : share;
    }
}
