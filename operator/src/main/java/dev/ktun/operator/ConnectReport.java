package dev.ktun.operator;

import dev.ktun.api.Connect;
import dev.ktun.api.ConnectPhase;
import dev.ktun.api.ConnectStatus;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;

/**
 * The status a Connect should show, built fresh from what the operator decided, and written only when it differs from
 * what the Connect shows. Written during the reconciliation and cached, as for Intercepts ({@link StatusWriter}), so
 * that the next reconciliation, which may come before the status event, judges from it.
 */
final class ConnectReport {

  private final Connect connect;
  private final ConnectStatus status = new ConnectStatus();

  private ConnectReport(Connect connect, ConnectPhase phase, String message) {
    this.connect = connect;
    status.setPhase(phase);
    status.setMessage(message);
    status.setObservedGeneration(connect.getMetadata().getGeneration());
  }

  static ConnectReport pending(Connect connect) {
    String proxy = ProxyNames.connect(connect.getMetadata().getName());
    return new ConnectReport(
        connect,
        ConnectPhase.PENDING,
        "Waiting for the ktun proxy to become ready; if this lasts, see `kubectl -n %s describe deployment %s`."
            .formatted(connect.getMetadata().getNamespace(), proxy));
  }

  static ConnectReport active(Connect connect, String proxyPod, int tunnelPort) {
    ConnectReport report =
        new ConnectReport(connect, ConnectPhase.ACTIVE, "The ktun proxy is ready; connect to pod '%s' port %d.".formatted(proxyPod, tunnelPort));
    report.status.setProxyPod(proxyPod);
    report.status.setTunnelPort(tunnelPort);
    return report;
  }

  static ConnectReport expired(Connect connect) {
    return new ConnectReport(
        connect,
        ConnectPhase.EXPIRED,
        "The client (%s) did not renew its lease for %d s, so ktun removed its proxy. Run `ktun connect` again to reach the cluster's Services."
            .formatted(connect.getSpec().owner().describe(), connect.getSpec().leaseSecondsOrDefault()));
  }

  void write(Context<Connect> context, boolean serverSideApply) {
    if (Objects.equals(connect.getStatus(), status)) {
      return;
    }
    if (serverSideApply) {
      Connect patch = new Connect();
      patch.setMetadata(
          new ObjectMetaBuilder().withName(connect.getMetadata().getName()).withNamespace(connect.getMetadata().getNamespace()).build());
      patch.setStatus(status);
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(connect, patch, context);
    } else {
      PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(
          connect,
          context,
          c -> {
            c.setStatus(status);
            return c;
          });
    }
  }
}
