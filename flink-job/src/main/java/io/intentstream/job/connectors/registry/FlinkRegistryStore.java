package io.intentstream.job.connectors.registry;

import io.intentstream.registry.LocalRegistryStore;
import io.intentstream.registry.RegistryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemKind;

/**
 * A model registry on any Flink file system ({@code s3://}, {@code hdfs://}): on an object store a new file is one
 * object put, which appears whole or not at all; elsewhere it is written under a hidden temporary name and renamed.
 * Two writers racing for the same revision are told apart by the existence check, which an object store cannot
 * make exclusive (the registry's commands are run by people, one change at a time).
 */
public final class FlinkRegistryStore implements RegistryStore {
    private final String root;

    /** Through Flink's file systems whatever the scheme (tests: Flink's local file system). */
    FlinkRegistryStore(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** The store for a registry location: a local directory (exclusive creation by hard link) or a Flink file system. */
    public static RegistryStore open(String location) {
        URI uri = URI.create(location.replace(" ", "%20"));
        if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
            return new LocalRegistryStore(uri.getScheme() == null ? Path.of(location) : Path.of(uri));
        }
        return new FlinkRegistryStore(location);
    }

    private org.apache.flink.core.fs.Path path(String relative) {
        return new org.apache.flink.core.fs.Path(relative.isEmpty() ? root : root + "/" + relative);
    }

    @Override
    public List<String> list(String directory) throws IOException {
        org.apache.flink.core.fs.Path dir = path(directory);
        FileSystem fs = dir.getFileSystem();
        List<String> names = new ArrayList<>();
        if (!fs.exists(dir)) {
            return names;
        }
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (!name.startsWith(".")) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public boolean exists(String path) throws IOException {
        org.apache.flink.core.fs.Path p = path(path);
        return p.getFileSystem().exists(p);
    }

    @Override
    public byte[] read(String path) throws IOException {
        org.apache.flink.core.fs.Path p = path(path);
        try (InputStream in = p.getFileSystem().open(p)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void createAtomically(String path, byte[] content) throws IOException {
        org.apache.flink.core.fs.Path target = path(path);
        FileSystem fs = target.getFileSystem();
        if (fs.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        if (fs.getKind() == FileSystemKind.OBJECT_STORE) {
            // One object put: readers see all of it or nothing, and a rename would only copy it again.
            write(fs, target, content);
            return;
        }
        org.apache.flink.core.fs.Path temporary = new org.apache.flink.core.fs.Path(target.getParent(),
                "." + target.getName() + ".tmp-" + UUID.randomUUID());
        write(fs, temporary, content);
        if (!fs.rename(temporary, target)) {
            fs.delete(temporary, false);
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
    }

    private static void write(FileSystem fs, org.apache.flink.core.fs.Path file, byte[] content) throws IOException {
        try (OutputStream out = fs.create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(content);
        }
    }

    @Override
    public String describe(String path) {
        return path(path).toString();
    }
}
