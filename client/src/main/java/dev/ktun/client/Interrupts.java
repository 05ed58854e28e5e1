package dev.ktun.client;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C, SIGTERM and a closed terminal (SIGHUP) while an intercept runs: the first one asks the command to leave in
 * order (delete the Intercept, wait for the Service to be restored) on its own thread, so the exit code stays the
 * command's; a second one quits at once, leaving the restore to the lease. A shutdown hook could not do the first:
 * by then the JVM is exiting and the exit code is no longer ours.
 */
final class Interrupts implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile boolean asked;

    private Interrupts() {
    }

    /** Calls {@code onFirst} on the first signal; halts with 130 on the second. */
    static Interrupts install(Console console, Runnable onFirst) {
        Interrupts interrupts = new Interrupts();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, s -> {
                    if (interrupts.asked) {
                        console.say("quitting without waiting; the cluster restores the Service when the lease runs out");
                        Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
                    }
                    interrupts.asked = true;
                    console.say("leaving (press Ctrl-C again to quit at once)");
                    onFirst.run();
                });
                interrupts.installed.add(signal);
                interrupts.previous.add(old);
            } catch (IllegalArgumentException unsupported) {
                // this platform has no such signal (HUP on Windows): nothing to handle
            }
        }
        return interrupts;
    }

    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
    }
}
