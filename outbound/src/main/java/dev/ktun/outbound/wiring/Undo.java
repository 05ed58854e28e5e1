package dev.ktun.outbound.wiring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * How to take back one change to the machine. Written to the {@link WiringJournal} before the change is made, so each
 * is idempotent: undoing a change that never happened (the crash came first) does no harm.
 */
public sealed interface Undo {

    void apply(CommandRunner runner) throws IOException;

    /** One journal line: a kind, then base64 fields, tab-separated (paths and file contents may hold anything). */
    String encode();

    static Undo decode(String line) {
        String[] f = line.split("\t", -1);
        return switch (f[0]) {
            case "restore-file" -> new RestoreFile(Path.of(text(f[1])), f[2].equals("-") ? null : Base64.getDecoder().decode(f[2]));
            case "remove-block" -> new RemoveBlock(Path.of(text(f[1])));
            case "command" -> new RunCommand(Arrays.stream(f).skip(1).map(Undo::text).toList(), false);
            case "command-if-present" -> new RunCommand(Arrays.stream(f).skip(1).map(Undo::text).toList(), true);
            default -> throw new IllegalArgumentException("unknown journal entry '" + f[0] + "'");
        };
    }

    private static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Puts a file's earlier content back; {@code original == null}: the file did not exist and is deleted. A file that
     * already has it is not written: the change may never have been made (a read-only resolv.conf), and a rewrite
     * would fail the same way.
     */
    record RestoreFile(Path path, byte[] original) implements Undo {
        @Override
        public void apply(CommandRunner runner) throws IOException {
            byte[] now = SyncedFiles.readIfExists(path);
            if (original == null && now != null) {
                Files.delete(path);
            } else if (original != null && !Arrays.equals(now, original)) {
                SyncedFiles.writeInPlace(path, original);
            }
        }

        @Override
        public String encode() {
            return "restore-file\t" + base64(path.toString()) + "\t"
                    + (original == null ? "-" : Base64.getEncoder().encodeToString(original));
        }
    }

    /** Removes ktun's marked block from a hosts file, leaving every other line as the user has it now. */
    record RemoveBlock(Path path) implements Undo {
        @Override
        public void apply(CommandRunner runner) throws IOException {
            HostsBlock.remove(path);
        }

        @Override
        public String encode() {
            return "remove-block\t" + base64(path.toString());
        }
    }

    /**
     * Runs a command that reverts a change. {@code failureMeansGone}: the command fails only when what it removes is
     * already gone ({@code ip link del ktun0} after a reboot), which counts as undone instead of being retried forever.
     */
    record RunCommand(List<String> argv, boolean failureMeansGone) implements Undo {
        public RunCommand {
            argv = List.copyOf(argv);
        }

        @Override
        public void apply(CommandRunner runner) throws IOException {
            try {
                runner.run(argv);
            } catch (IOException e) {
                if (!failureMeansGone) {
                    throw e;
                }
            }
        }

        @Override
        public String encode() {
            return (failureMeansGone ? "command-if-present\t" : "command\t")
                    + String.join("\t", argv.stream().map(Undo::base64).toList());
        }
    }
}
