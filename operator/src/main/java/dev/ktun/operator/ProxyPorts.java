package dev.ktun.operator;

import dev.ktun.api.KtunDefaults;
import java.util.Set;

/**
 * The proxy's own ports inside its pod, chosen around its routes: a route listens on all interfaces, so a Service whose
 * target port is the configured tunnel port (or the readiness port) would keep the proxy from starting.
 *
 * @param tunnel the tunnel listener's port (127.0.0.1 only), reported to clients in the status
 * @param ready  the readiness listener's port, which the kubelet probes
 */
record ProxyPorts(int tunnel, int ready) {

  /** @param routes the ports the proxy's routes listen on */
  static ProxyPorts around(OperatorSettings settings, Set<Integer> routes) {
    int tunnel = firstFree(settings.tunnelPort(), routes, -1);
    return new ProxyPorts(tunnel, firstFree(KtunDefaults.READY_PORT, routes, tunnel));
  }

  private static int firstFree(int from, Set<Integer> routes, int taken) {
    int port = from;
    while (routes.contains(port) || port == taken) {
      port++;
    }
    return port;
  }
}
