package dev.ktun.client;

import java.io.PrintWriter;

/** Messages for the person at the terminal: one line each on stderr, prefixed "ktun:" (stdout is for data). */
final class Console {
    private final PrintWriter err;

    Console(PrintWriter err) {
        this.err = err;
    }

    void say(String format, Object... args) {
        synchronized (err) {
            err.println("ktun: " + (args.length == 0 ? format : String.format(format, args)));
            err.flush();
        }
    }

    PrintWriter writer() {
        return err;
    }
}
