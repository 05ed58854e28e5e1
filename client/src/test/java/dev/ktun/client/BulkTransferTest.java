package dev.ktun.client;

import dev.ktun.tunnel.HostPort;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Large transfers arrive intact in both directions, and a half-closed caller still gets the whole response. */
class BulkTransferTest {
    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    private TestServer backend;
    private DataPlane plane;

    @AfterEach
    void stop() throws Exception {
        if (plane != null) {
            plane.close();
        }
        backend.close();
    }

    @Test
    void hundredMegabytesEachWayArriveIntactThroughAClaimedPort() throws Exception {
        backend = TestServer.start(HashExchange.backend(HUNDRED_MB, 2));
        TestServer origin = TestServer.saying("origin");
        plane = DataPlane.withOrigins(origin.port());
        plane.client(List.of(new PortClaim(backend.port(), plane.routePort(0))), List.of());

        try (Socket caller = Wire.connect(plane.routePort(0)); origin) {
            HashExchange.call(caller, HUNDRED_MB, 1, HUNDRED_MB, 2);
        }
    }

    @Test
    void hundredMegabytesEachWayArriveIntactThroughAForward() throws Exception {
        backend = TestServer.start(HashExchange.backend(HUNDRED_MB, 4));
        plane = DataPlane.withOrigins(Ports.free());
        int forwardPort = Ports.free();
        plane.client(List.of(), List.of(new Forward(new HostPort("127.0.0.1", forwardPort),
                new HostPort("127.0.0.1", backend.port()))));

        try (Socket caller = Wire.connect(forwardPort)) {
            HashExchange.call(caller, HUNDRED_MB, 3, HUNDRED_MB, 4);
        }
    }

    @Test
    void callerThatShutsDownItsOutputStillReceivesTheFullResponse() throws Exception {
        backend = TestServer.start(HashExchange.backend(5_000_000, 6));
        TestServer origin = TestServer.saying("origin");
        plane = DataPlane.withOrigins(origin.port());
        plane.client(List.of(new PortClaim(backend.port(), plane.routePort(0))), List.of());

        try (Socket caller = Wire.connect(plane.routePort(0)); origin) {
            HashExchange.call(caller, 10, 5, 5_000_000, 6);
        }
    }
}
