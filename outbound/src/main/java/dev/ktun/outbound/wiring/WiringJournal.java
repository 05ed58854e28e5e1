package dev.ktun.outbound.wiring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /** What repairing found and did. */
    public record Repair(int undone, List<String> failures, Optional<Long> liveOwner) {
        public boolean clean() {
            return failures.isEmpty() && liveOwner.isEmpty();
        }
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
        return undo(lines);
    }

    /** Starts this process's journal; the machine must be clean (call {@link #repair} first). */
    public synchronized void begin() throws IOException {
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " still lists changes of an earlier run: repair first");
        }
        Files.createDirectories(file.getParent());
        ProcessHandle self = ProcessHandle.current();
        append(OWNER + "\t" + self.pid() + "\t" + startMillis(self));
    }

    /** Records how to undo a change; call it before making the change. */
    public synchronized void record(Undo undo) throws IOException {
        append(undo.encode());
    }

    /** Takes back every recorded change, newest first; deletes the journal unless some undo failed. */
    public synchronized Repair undoAll() throws IOException {
        if (!Files.exists(file)) {
            return new Repair(0, List.of(), Optional.empty());
        }
        return undo(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private Repair undo(List<String> lines) throws IOException {
        List<String> entries = lines.stream().filter(l -> !l.isBlank() && !l.startsWith(OWNER + "\t")).toList();
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
        if (kept.isEmpty()) {
            Files.deleteIfExists(file);
        } else {
            // Keep what could not be undone (without an owner line) for the next repair to retry.
            SyncedFiles.writeInPlace(file, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new Repair(undone, failures, Optional.empty());
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
