package dev.ktun.outbound;

import dev.ktun.tunnel.HostPort;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/** A local listener ktun keeps: {@code address:port} on this machine, {@code target} dialled by the proxy. */
public record Binding(String name, Inet4Address address, int port, HostPort target) {

    public InetSocketAddress local() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        return name + ":" + port + " (" + address.getHostAddress() + ":" + port + " -> " + target + ")";
    }
}
