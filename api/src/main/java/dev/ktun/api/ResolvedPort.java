package dev.ktun.api;

/**
 * A requested Service port after the operator resolved it: what the client claims on the tunnel.
 *
 * @param name the Service port's name, if it has one
 * @param port the Service port number
 * @param proxyPort the port the proxy listens on for it (the Service's numeric target port)
 * @param localPort the port on the developer's machine
 */
public record ResolvedPort(String name, int port, int proxyPort, int localPort) {}
