package dev.ktun.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live memory of a JVM the bench started, as {@code jcmd} reports it: Java heap in use right after a full GC
 * (so garbage does not count), plus native memory Native Memory Tracking files under "Other", which is where
 * direct buffers land (Netty's pooled direct arenas and {@code ByteBuffer.allocateDirect} alike). Kernel socket
 * buffers are not the process's memory and are not counted.
 */
final class ProcessMemory {
    private static final Duration JCMD_LIMIT = Duration.ofSeconds(60);
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern NMT_OTHER = Pattern.compile("-\\s+Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    /** Bytes of heap in use after a full GC and of direct memory committed. */
    record Snapshot(long heapBytes, long directBytes) {
        long total() {
            return heapBytes + directBytes;
        }
    }

    private ProcessMemory() {
    }

    /** Needs the process started with {@code -XX:NativeMemoryTracking=summary}. */
    static Snapshot of(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long heap = heapUsedKib(jcmd(pid, "GC.heap_info"));
        long direct = otherCommittedKib(jcmd(pid, "VM.native_memory", "summary"));
        return new Snapshot(heap * 1024, direct * 1024);
    }

    /** Sums the heap spaces' "used" (one line for G1, one per generation for the others), leaving out metaspace. */
    static long heapUsedKib(String heapInfo) {
        long used = 0;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = HEAP_USED.matcher(line);
            if (m.find()) {
                used += Long.parseLong(m.group(1));
            }
        }
        if (used == 0) {
            throw new IllegalArgumentException("no heap usage in jcmd GC.heap_info output:\n" + heapInfo);
        }
        return used;
    }

    /** NMT leaves out categories under 1 KB, so a report without "Other" means (almost) no direct memory. */
    static long otherCommittedKib(String nativeMemory) {
        if (!nativeMemory.contains("Native Memory Tracking:")) {
            throw new IllegalArgumentException("no Native Memory Tracking report (was the process started with "
                    + IdleMemoryTarget.NMT + "?):\n" + nativeMemory);
        }
        Matcher m = NMT_OTHER.matcher(nativeMemory);
        return m.find() ? Long.parseLong(m.group(2)) : 0;
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(Jars.jdkTool("jcmd").toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        // Output to a file, not a pipe: a jcmd that hangs must not hang the bench in a read.
        Path output = Files.createTempFile("ktun-bench-jcmd-", ".txt");
        try {
            Process process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(JCMD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("jcmd " + String.join(" ", command) + " did not finish within " + JCMD_LIMIT.toSeconds() + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
