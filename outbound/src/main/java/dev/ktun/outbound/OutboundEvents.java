package dev.ktun.outbound;

/** What the developer should hear about outbound; the CLI prints it (stderr). Called on ktun's threads. */
public interface OutboundEvents {
    OutboundEvents SILENT = new OutboundEvents() {
    };

    default void listening(Binding binding) {
    }

    default void stopped(Binding binding) {
    }

    default void skipped(SkippedPort skipped) {
    }

    /** A local connection arrived while no tunnel was up: it was closed. */
    default void dropped(Binding binding) {
    }

    /** A sentence about the machine's DNS wiring (what was changed, what was undone, what to do by hand). */
    default void note(String message) {
    }
}
