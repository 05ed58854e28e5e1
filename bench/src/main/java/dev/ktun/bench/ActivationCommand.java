package dev.ktun.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ktun-bench activation}: T8's scene in a JVM of its own, whose class path puts the CLI jar (it holds the
 * simulated cluster, the operator and the proxy) before the bench's. Prints an {@link ActivationTiming} line per round.
 */
@Command(name = "activation", hidden = true, description = "Run T8's scene (started by the bench itself).")
final class ActivationCommand implements Callable<Integer> {
    /** Said once the scene has closed the cluster and removed its files: the bench ends the scene's JVM after it. */
    static final String CLOSED = "T8 scene closed";

    @Option(names = "--client-jar", required = true)
    private Path clientJar;

    @Option(names = "--rounds", required = true)
    private int rounds;

    @Override
    public Integer call() throws Exception {
        // As the CLI does: library logs only when something is wrong (the operator logs every Service it repoints).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
        exitWithTheBench();
        try (ActivationScene scene = ActivationScene.start(clientJar)) {
            for (int round = 0; round <= rounds; round++) {
                System.out.println(scene.activate(round).line());
                System.out.flush();
            }
        }
        System.out.println(CLOSED);
        System.out.flush();
        return 0;
    }

    /** The bench holds our stdin: when it exits, even by kill -9, the pipe closes and so do we (and our ktun). */
    private static void exitWithTheBench() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the bench never writes; reading only waits for the end
                }
            } catch (java.io.IOException e) {
                // the same as the end
            }
            System.exit(1);
        }, "bench-activation-stdin");
        watch.setDaemon(true);
        watch.start();
    }
}
