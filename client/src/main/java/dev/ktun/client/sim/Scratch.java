package dev.ktun.client.sim;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of the simulated cluster and its users: removed when they are done. */
public final class Scratch {
    private Scratch() {
    }

    /** Removes a directory and everything in it; what cannot be removed is left to the OS's temp cleaner. */
    public static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // left to the OS's temp cleaner
        }
    }
}
