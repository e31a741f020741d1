package io.intentstream.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A trained model as data: XGBoost's own JSON model file plus {@code bundle.json} metadata, kept
 * together in one directory (layout in docs/model-bundle.md).
 */
public final class ModelBundle implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public static final String METADATA_FILE = "bundle.json";
    public static final String DEFAULT_BOOSTER_FILE = "model.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final BundleMetadata metadata;
    private final byte[] boosterJson;

    public ModelBundle(BundleMetadata metadata, byte[] boosterJson) {
        this.metadata = metadata;
        this.boosterJson = boosterJson;
    }

    /** Opens the named file of a bundle; lets the job read bundles through Flink's file systems (e.g. s3://). */
    @FunctionalInterface
    public interface FileOpener {
        InputStream open(String fileName) throws IOException;
    }

    public BundleMetadata metadata() {
        return metadata;
    }

    /** The booster in XGBoost's JSON model format, exactly as XGBoost wrote it. */
    public byte[] boosterJson() {
        return boosterJson;
    }

    public static ModelBundle read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new BundleException("model bundle " + directory + " does not exist or is not a directory");
        }
        return read(directory.toString(), name -> Files.newInputStream(directory.resolve(name)));
    }

    /**
     * Reads and checks a bundle: metadata parses, the booster file exists and its checksum matches.
     *
     * @param location shown in error messages
     */
    public static ModelBundle read(String location, FileOpener opener) {
        BundleMetadata metadata;
        try (InputStream in = opener.open(METADATA_FILE)) {
            metadata = MAPPER.readValue(in, BundleMetadata.class);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new BundleException("model bundle at " + location + " has no " + METADATA_FILE + " (is this a bundle directory?)", e);
        } catch (IOException e) {
            throw new BundleException("model bundle at " + location + ": " + METADATA_FILE + " is not valid bundle metadata: "
                    + firstLine(e.getMessage()), e);
        }
        if (metadata == null) {
            throw new BundleException("model bundle at " + location + ": " + METADATA_FILE + " is empty");
        }
        if (metadata.formatVersion < BundleMetadata.UNCALIBRATED_FORMAT_VERSION
                || metadata.formatVersion > BundleMetadata.NEWEST_FORMAT_VERSION) {
            throw new BundleException("model bundle at " + location + " has format_version " + metadata.formatVersion
                    + ", this engine reads format_version " + BundleMetadata.UNCALIBRATED_FORMAT_VERSION + " to "
                    + BundleMetadata.NEWEST_FORMAT_VERSION);
        }
        if (metadata.calibration != null && metadata.formatVersion < BundleMetadata.CURRENT_FORMAT_VERSION) {
            throw new BundleException("model bundle at " + location + " has a calibration but format_version "
                    + metadata.formatVersion + "; calibrated bundles are format_version " + BundleMetadata.CURRENT_FORMAT_VERSION);
        }
        if (metadata.boosterFile == null || metadata.boosterFile.isEmpty()) {
            throw new BundleException("model bundle at " + location + ": " + METADATA_FILE + " names no booster_file");
        }
        byte[] booster;
        try (InputStream in = opener.open(metadata.boosterFile)) {
            booster = in.readAllBytes();
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new BundleException("model bundle at " + location + " is missing its booster file " + metadata.boosterFile, e);
        } catch (IOException e) {
            throw new BundleException("model bundle at " + location + ": cannot read " + metadata.boosterFile + ": " + e.getMessage(), e);
        }
        String actual = sha256(booster);
        if (metadata.boosterSha256 != null && !metadata.boosterSha256.equalsIgnoreCase(actual)) {
            throw new BundleException("model bundle at " + location + ": " + metadata.boosterFile
                    + " is corrupt (sha256 " + actual + ", bundle.json expects " + metadata.boosterSha256 + ")");
        }
        return new ModelBundle(metadata, booster);
    }

    /**
     * Writes the bundle into a directory (created if needed), metadata last so a half-written bundle is never valid.
     * The format version follows from the content, whoever wrote the metadata: 3 for a user-level target, else 2
     * with a calibration, else 1, which engines from before calibration still read.
     */
    public void write(Path directory) throws IOException {
        metadata.formatVersion = metadata.target != null && !Target.SESSION_PURCHASE.optionName().equals(metadata.target)
                ? BundleMetadata.USER_TARGET_FORMAT_VERSION
                : metadata.calibration == null ? BundleMetadata.UNCALIBRATED_FORMAT_VERSION
                : BundleMetadata.CURRENT_FORMAT_VERSION;
        Files.createDirectories(directory);
        String json = metadataJson();
        Files.write(directory.resolve(metadata.boosterFile), boosterJson);
        Files.writeString(directory.resolve(METADATA_FILE), json, StandardCharsets.UTF_8);
    }

    /** bundle.json as {@link #write} writes it, naming the booster file and its checksum. */
    public String metadataJson() throws IOException {
        if (metadata.boosterFile == null) {
            metadata.boosterFile = DEFAULT_BOOSTER_FILE;
        }
        metadata.boosterSha256 = sha256(boosterJson);
        return MAPPER.writeValueAsString(metadata) + "\n";
    }

    public static String sha256(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder sb = new StringBuilder(64);
            for (byte b : digest) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
