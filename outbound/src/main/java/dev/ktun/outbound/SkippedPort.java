package dev.ktun.outbound;

/** A Service port ktun could not listen on, why, and what would let it. */
public record SkippedPort(Binding binding, String reason, String howToEnable) {

    @Override
    public String toString() {
        return binding.name() + ":" + binding.port() + " is not reachable locally: " + reason
                + (howToEnable.isEmpty() ? "" : "; " + howToEnable);
    }
}
