package dev.ktun.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CLI as its own process, as a developer runs it: for signals, {@code kill -9}, and privileges the test takes away. */
final class KtunProcess {
    private KtunProcess() {
    }

    /** Starts {@code ktun ARGS} with the scene's kubeconfig and ktun home; stdout and stderr go to {@code log}. */
    static Process start(ClusterScene scene, Path log, String... args) throws IOException {
        return start(scene, log, List.of(), args);
    }

    /** The same, run through {@code prefix} (e.g. {@code setpriv --bounding-set=-net_bind_service}). */
    static Process start(ClusterScene scene, Path log, List<String> prefix, String... args) throws IOException {
        List<String> cli = new ArrayList<>(List.of(args[0], "--kubeconfig", scene.kubeconfig()));
        // The kube options go right after the subcommand: everything after "--" belongs to CMD.
        cli.addAll(List.of(args).subList(1, args.length));
        List<String> command = command(prefix, List.of("-Dktun.home=" + scene.directory().resolve("home")), cli);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** {@code prefix java PROPERTIES ... Ktun CLI}: the CLI on the test's class path. */
    static List<String> command(List<String> prefix, List<String> properties, List<String> cli) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(prefix);
        // C1 only and the serial collector: the CLI starts faster on a busy two-core machine, which is all a test needs.
        command.addAll(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Ktun.class.getName()));
        command.addAll(cli);
        return command;
    }
}
