package dev.ktun.client;

import dev.ktun.api.Connect;
import dev.ktun.api.ConnectSpec;
import dev.ktun.api.InterceptOwner;
import dev.ktun.tunnel.Tokens;

/** The Connect a {@code ktun connect} creates, named after its owner ({@code alice-x7k2}; its proxy: {@code ktun-connect-alice-x7k2}). */
final class ConnectRequest {
    private ConnectRequest() {
    }

    static Connect of(String namespace, InterceptOwner owner, String token, int leaseSeconds) {
        Connect connect = new Connect();
        connect.setMetadata(OwnedName.metadata("", owner.user(), namespace));
        // Only the hash reaches the cluster: the token stays in this process and the tunnel's HELLO.
        connect.setSpec(new ConnectSpec(owner, Tokens.sha256Hex(token), leaseSeconds));
        return connect;
    }
}
