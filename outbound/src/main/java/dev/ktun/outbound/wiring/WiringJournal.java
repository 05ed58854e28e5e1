package dev.ktun.outbound.wiring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every change ktun makes to the machine's DNS, written down (and synced) before it is made: {@link #undoAll} takes
 * them back in reverse order on exit, and after a crash the next start, or {@code ktun connect --repair}, does it
 * with {@link #repair}. The first line names the owning process (pid and start time, so a reused pid is not mistaken
 * for it): a journal whose owner still runs belongs to a live session and is left alone.
 */
public final class WiringJournal {
    public static final String FILE_NAME = "dns-wiring.journal";
    private static final String OWNER = "owner";

    private final Path file;
    private final CommandRunner runner;

    public WiringJournal(Path stateDir, CommandRunner runner) {
        this.file = stateDir.resolve(FILE_NAME);
        this.runner = runner;
    }

    public Path file() {
        return file;
    }

    /** Whether a ktun, running or gone, has a journal here. */
    public boolean exists() {
        return Files.exists(file);
    }

    /** Whether this process may take the journal's changes back: one written by ktun run as root is not a user's. */
    public boolean writable() {
        return Files.isWritable(file) && Files.isWritable(file.getParent());
    }

    /** What repairing found and did. */
    public record Repair(int undone, List<String> failures, Optional<Long> liveOwner) {
    }

    /** Undoes what a run that is gone left behind; touches nothing of a run that still lives. */
    public synchronized Repair repair() throws IOException {
        if (!Files.exists(file)) {
            return new Repair(0, List.of(), Optional.empty());
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Optional<Long> owner = liveOwner(lines);
        if (owner.isPresent()) {
            return new Repair(0, List.of(), owner);
        }
        return undoAndKeepFailures(lines);
    }

    /** Starts this process's journal; the machine must be clean (call {@link #repair} first). */
    public synchronized void begin() throws IOException {
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " still lists changes of an earlier run: repair first");
        }
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            readableByAll(dir, "rwxr-xr-x");
        }
        ProcessHandle self = ProcessHandle.current();
        append(OWNER + "\t" + self.pid() + "\t" + startMillis(self));
        readableByAll(file, "rw-r--r--");
    }

    /**
     * Whoever runs the repair must at least see what root's run left, whatever root's umask; the journal holds only
     * file contents everyone may read anyway (resolv.conf, hosts).
     */
    private static void readableByAll(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own defaults apply
        }
    }

    /** Records how to undo a change; call it before making the change. */
    public synchronized void record(Undo undo) throws IOException {
        append(undo.encode());
    }

    /** How many changes are recorded now: {@link #rollback} takes back those recorded after it. */
    public synchronized int mark() throws IOException {
        return Files.exists(file) ? entries(Files.readAllLines(file, StandardCharsets.UTF_8)).size() : 0;
    }

    /**
     * Takes back the changes recorded after {@code mark}, newest first (a wiring that failed halfway, before another
     * is tried); the journal keeps its owner, the earlier changes, and any undo that failed.
     */
    public synchronized Repair rollback(int mark) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> entries = entries(lines);
        List<String> kept = new ArrayList<>(lines.stream().filter(l -> l.startsWith(OWNER + "\t")).toList());
        kept.addAll(entries.subList(0, mark));
        Undone undone = undo(entries.subList(mark, entries.size()));
        kept.addAll(undone.kept());
        SyncedFiles.writeInPlace(file, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
        return new Repair(undone.count(), undone.failures(), Optional.empty());
    }

    /** Takes back every recorded change, newest first; deletes the journal unless some undo failed. */
    public synchronized Repair undoAll() throws IOException {
        if (!Files.exists(file)) {
            return new Repair(0, List.of(), Optional.empty());
        }
        return undoAndKeepFailures(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private Repair undoAndKeepFailures(List<String> lines) throws IOException {
        Undone undone = undo(entries(lines));
        if (undone.kept().isEmpty()) {
            Files.deleteIfExists(file);
        } else {
            // Keep what could not be undone (without an owner line) for the next repair to retry.
            SyncedFiles.writeInPlace(file, (String.join("\n", undone.kept()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new Repair(undone.count(), undone.failures(), Optional.empty());
    }

    private record Undone(int count, List<String> failures, List<String> kept) {
    }

    /** Undoes {@code entries} newest first; those that fail are kept, in their order. */
    private Undone undo(List<String> entries) {
        List<String> failures = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        int undone = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            try {
                Undo.decode(entries.get(i)).apply(runner);
                undone++;
            } catch (IOException | RuntimeException e) {
                failures.add(e.getMessage());
                kept.add(0, entries.get(i));
            }
        }
        return new Undone(undone, failures, kept);
    }

    private static List<String> entries(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank() && !l.startsWith(OWNER + "\t")).toList();
    }

    private static Optional<Long> liveOwner(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).startsWith(OWNER + "\t")) {
            return Optional.empty();
        }
        String[] f = lines.get(0).split("\t");
        long pid = Long.parseLong(f[1]);
        long started = Long.parseLong(f[2]);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> startMillis(p) == started).map(p -> pid);
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    private void append(String line) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }
}
