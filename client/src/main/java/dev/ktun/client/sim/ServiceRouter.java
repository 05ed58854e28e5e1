package dev.ktun.client.sim;

import dev.ktun.tunnel.HostPort;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * kube-proxy, simulated: a loopback listener per Service port that sends each connection to a ready pod its selector
 * picks <em>at that moment</em>, so repointing the Service's selector (what the operator does) moves new connections,
 * exactly as in a cluster, while established ones stay where they are (kubernetes#82727).
 */
public final class ServiceRouter implements AutoCloseable {
    private final KubernetesClient client;
    private final PodNetwork network;
    private final Map<String, ServerSocket> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    ServiceRouter(KubernetesClient client, PodNetwork network) {
        this.client = client;
        this.network = network;
    }

    /** The loopback address standing in for {@code service.namespace.svc:port}; listens from the first ask on. */
    public HostPort address(String namespace, String service, int port) {
        ServerSocket listener = listeners.computeIfAbsent(namespace + "/" + service + ":" + port, key -> listen(namespace, service, port));
        return new HostPort("127.0.0.1", listener.getLocalPort());
    }

    private ServerSocket listen(String namespace, String service, int port) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket caller = listener.accept();
                        route(namespace, service, port, caller);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "sim-service-" + service + "-" + port);
            accept.setDaemon(true);
            accept.start();
            return listener;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback for simulated Service " + service, e);
        }
    }

    private void route(String namespace, String serviceName, int port, Socket caller) {
        Optional<HostPort> backend = pick(namespace, serviceName, port);
        if (backend.isEmpty()) {
            Relay.closeQuietly(caller); // like a Service without ready endpoints: the connection is refused
            return;
        }
        try {
            Socket pod = new Socket();
            pod.connect(backend.get().toAddress(), 2000);
            pod.setTcpNoDelay(true);
            caller.setTcpNoDelay(true);
            Relay.between(caller, pod, "sim-" + serviceName);
        } catch (IOException e) {
            Relay.closeQuietly(caller);
        }
    }

    private Optional<HostPort> pick(String namespace, String serviceName, int port) {
        Service service = client.services().inNamespace(namespace).withName(serviceName).get();
        if (service == null || service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty()) {
            return Optional.empty();
        }
        Optional<ServicePort> servicePort = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst();
        if (servicePort.isEmpty()) {
            return Optional.empty();
        }
        List<HostPort> endpoints = client.pods().inNamespace(namespace).withLabels(service.getSpec().getSelector()).list().getItems()
                .stream()
                .filter(ServiceRouter::ready)
                .flatMap(pod -> targetPort(pod, servicePort.get())
                        .flatMap(target -> network.resolve(namespace, pod.getMetadata().getName(), target)).stream())
                .toList();
        return endpoints.isEmpty() ? Optional.empty() : Optional.of(endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size())));
    }

    private static Optional<Integer> targetPort(Pod pod, ServicePort port) {
        IntOrString target = port.getTargetPort();
        if (target == null) {
            return Optional.of(port.getPort());
        }
        if (target.getIntVal() != null) {
            return Optional.of(target.getIntVal());
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
                .filter(p -> target.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst();
    }

    private static boolean ready(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && Readiness.isPodReady(pod);
    }

    @Override
    public void close() {
        listeners.values().forEach(Relay::closeQuietly);
    }
}
