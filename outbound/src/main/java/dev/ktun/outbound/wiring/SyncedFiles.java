package dev.ktun.outbound.wiring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes that survive a crash the moment they return. */
final class SyncedFiles {
    private SyncedFiles() {
    }

    /**
     * Replaces a file's content in place (same inode) and syncs it. Not write-then-rename: /etc/resolv.conf is often a
     * bind mount (containers, {@code ip netns exec}), and a rename onto a mount point fails with EBUSY.
     */
    static void writeInPlace(Path path, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** The file's bytes, or null when it does not exist. */
    static byte[] readIfExists(Path path) throws IOException {
        return Files.exists(path) ? Files.readAllBytes(path) : null;
    }
}
