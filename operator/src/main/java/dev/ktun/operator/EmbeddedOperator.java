package dev.ktun.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The real ktun operator, started in this process against a given API server: what {@code ktun demo}'s simulated
 * cluster runs. The one public way to embed the operator; its parts stay package-private.
 */
public final class EmbeddedOperator implements AutoCloseable {
  private final KtunOperator operator;

  private EmbeddedOperator(KtunOperator operator) {
    this.operator = operator;
  }

  /**
   * @param proxyImage what the proxy Deployment names as its image (the simulated kubelet runs the proxy in-process)
   * @param leaseCheck how often the operator looks at client leases
   */
  public static EmbeddedOperator start(KubernetesClient client, String proxyImage, int tunnelPort, Duration leaseCheck) {
    // No server-side apply: the fabric8 mock API server answers it with 415 (docs/operator.md, settings).
    OperatorSettings settings = new OperatorSettings(proxyImage, "IfNotPresent", List.of(), tunnelPort, false, leaseCheck, 0);
    KtunOperator operator = new KtunOperator(client, settings, Clock.systemUTC(), Optional.empty());
    operator.start();
    return new EmbeddedOperator(operator);
  }

  @Override
  public void close() {
    operator.stop();
  }
}
