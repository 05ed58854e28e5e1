package dev.ktun.bench;

import java.net.InetSocketAddress;

/**
 * Where a load generator connects to reach each backend: the backend itself (direct), a proxy route (ktun), or a
 * relay measured for {@link Reference} (T1, T3, T4 and T5).
 */
record Endpoints(String name, InetSocketAddress sink, InetSocketAddress source, InetSocketAddress echo) {

    static Endpoints direct(BackendProcess backend) {
        return new Endpoints("direct", backend.sink(), backend.source(), backend.echo());
    }

    static Endpoints through(KtunPath ktun, BackendPorts backend) {
        return new Endpoints("ktun", ktun.routeTo(backend.sink()), ktun.routeTo(backend.source()), ktun.routeTo(backend.echo()));
    }
}
