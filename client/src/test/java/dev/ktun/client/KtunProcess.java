package dev.ktun.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CLI as its own process against a {@link ClusterScene}, as a developer runs it: for signals and {@code kill -9}. */
final class KtunProcess {
    private KtunProcess() {
    }

    /** Starts {@code ktun ARGS} with the scene's kubeconfig and ktun home; stdout and stderr go to {@code log}. */
    static Process start(ClusterScene scene, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and the serial collector: the CLI starts faster on a busy two-core machine, which is all a test needs.
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dktun.home=" + scene.directory().resolve("home"), "-cp",
                System.getProperty("java.class.path"), Ktun.class.getName()));
        // The kube options go right after the subcommand: everything after "--" belongs to CMD.
        command.add(args[0]);
        command.addAll(List.of("--kubeconfig", scene.kubeconfig()));
        command.addAll(List.of(args).subList(1, args.length));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
