package io.intentstream.registry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** A registry in a local directory; {@link #createAtomically} uses a hard link, which fails if the target exists. */
public final class LocalRegistryStore implements RegistryStore {
    private final Path root;

    public LocalRegistryStore(Path root) {
        this.root = root;
    }

    private Path resolve(String path) {
        return root.resolve(path);
    }

    @Override
    public List<String> list(String directory) throws IOException {
        Path dir = resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().forEach(names::add);
        }
        return names;
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(resolve(path));
    }

    @Override
    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(resolve(path));
    }

    @Override
    public void createAtomically(String path, byte[] content) throws IOException {
        Path target = resolve(path);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.write(temporary, content);
        try {
            // link(2) is atomic and refuses an existing name: two writers of the same revision cannot both win.
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(describe(path));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public String describe(String path) {
        return resolve(path).toString();
    }
}
