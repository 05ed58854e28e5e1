package dev.ktun.client.sim;

import dev.ktun.tunnel.HostPort;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The simulated cluster's pod network: where a pod's port really is on this machine. Pods are local servers (the
 * origin pods) or in-process proxies, each on ports the OS chose, so every pod port maps to a loopback address.
 */
public final class PodNetwork {
    private final Map<String, IntFunction<HostPort>> pods = new ConcurrentHashMap<>();

    void attach(String namespace, String pod, IntFunction<HostPort> ports) {
        pods.put(namespace + "/" + pod, ports);
    }

    void detach(String namespace, String pod) {
        pods.remove(namespace + "/" + pod);
    }

    /** Where {@code pod:port} answers, if the pod runs and has that port. */
    Optional<HostPort> resolve(String namespace, String pod, int port) {
        IntFunction<HostPort> ports = pods.get(namespace + "/" + pod);
        return ports == null ? Optional.empty() : Optional.ofNullable(ports.apply(port));
    }
}
