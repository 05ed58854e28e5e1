package dev.ktun.bench;

import dev.ktun.tunnel.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on: they mean little without it. */
record Machine(int cores, String cpu, String jdk, String os, String transport) {

    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Transport.name());
    }

    String describe() {
        return cores + " cores (" + cpu + "), " + jdk + ", " + os + ", transport " + transport;
    }

    /** The 1-minute load average: other work on the machine shows up in every figure, so say how much there was. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | SecurityException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException | SecurityException e) {
            return "unknown CPU";
        }
    }
}
