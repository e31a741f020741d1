package io.intentstream.registry;

import java.io.IOException;
import java.util.List;

/**
 * The file system under a model registry: a local directory, or any Flink file system in the job ({@code s3://}).
 * Paths are relative to the registry root, separated by {@code /}.
 */
public interface RegistryStore {
    /** The names in a directory, without hidden (dot) entries; empty when it does not exist. */
    List<String> list(String directory) throws IOException;

    boolean exists(String path) throws IOException;

    byte[] read(String path) throws IOException;

    /**
     * Writes a file that must not exist yet, so that a reader sees either no file or all of it: written under a
     * hidden temporary name next to it and renamed (on object stores such as S3 a single object put, which is
     * atomic anyway). Throws {@link java.nio.file.FileAlreadyExistsException} when the file exists.
     */
    void createAtomically(String path, byte[] content) throws IOException;

    /** Where a path is, for messages. */
    String describe(String path);
}
