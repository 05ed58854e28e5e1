package dev.ktun.outbound;

import dev.ktun.tunnel.HostPort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The listeners the catalog asks for: every port of a Service at its address, dialled by its cluster name (the
 * proxy's cluster DNS resolves it, so a headless Service still spreads over its pods); every port again at each
 * headless pod's address, dialled by pod IP.
 */
final class Bindings {
    private Bindings() {
    }

    static List<Binding> of(Collection<ClusterService> services, ClusterNames names, NameTable table) {
        List<Binding> bindings = new ArrayList<>();
        for (ClusterService service : services) {
            String fqdn = names.fqdn(service);
            String label = service.name() + "." + service.namespace();
            for (ServicePort port : service.ports()) {
                bindings.add(new Binding(label, table.address(fqdn), port.port(), new HostPort(fqdn, port.port())));
                for (HeadlessPod pod : service.pods()) {
                    bindings.add(new Binding(pod.hostname() + "." + label, table.address(names.fqdn(service, pod)),
                            port.port(), new HostPort(pod.ip(), port.port())));
                }
            }
        }
        return bindings;
    }
}
