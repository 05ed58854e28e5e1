package dev.ktun.outbound;

/** A TCP port of a cluster Service ({@code name} may be empty, as in the Service spec). UDP ports are not tunnelled. */
public record ServicePort(String name, int port) {
    public ServicePort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of " + name + " is not 1-65535");
        }
    }
}
