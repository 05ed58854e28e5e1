package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptMode;
import dev.ktun.api.InterceptOwner;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.InterceptSpec;
import dev.ktun.tunnel.Tokens;
import java.util.List;

/**
 * The Intercept a {@code ktun intercept} creates, named by {@link OwnedName} ({@code api-alice-x7k2}).
 */
final class InterceptRequest {
    private InterceptRequest() {
    }

    static Intercept of(String namespace, String service, List<InterceptPort> ports, InterceptOwner owner, String token,
                        int leaseSeconds) {
        Intercept intercept = new Intercept();
        intercept.setMetadata(OwnedName.metadata(service, owner.user(), namespace));
        // Only the hash reaches the cluster: the token stays in this process and the tunnel's HELLO.
        intercept.setSpec(new InterceptSpec(service, ports, InterceptMode.STEAL, owner, Tokens.sha256Hex(token), leaseSeconds));
        return intercept;
    }
}
