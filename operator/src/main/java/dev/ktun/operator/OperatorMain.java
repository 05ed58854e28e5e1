package dev.ktun.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: reads its settings, starts the operator and its health endpoints, runs until stopped. */
public final class OperatorMain {

  private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    OperatorSettings settings = OperatorSettings.fromEnvironment(env);
    // Leader election needs to know this pod; the chart passes both through the downward API.
    Optional<KtunOperator.Identity> identity =
        Optional.ofNullable(env.get("POD_NAME"))
            .flatMap(pod -> Optional.ofNullable(env.get("POD_NAMESPACE")).map(ns -> new KtunOperator.Identity(pod, ns)));
    if (identity.isEmpty()) {
      log.warn("POD_NAME/POD_NAMESPACE not set: running without leader election; run a single replica only");
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    KtunOperator operator = new KtunOperator(client, settings, Clock.systemUTC(), identity);
    HealthServer health = HealthServer.start(settings.healthPort(), operator.operator());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.stop();
                  health.close();
                  client.close();
                  stopped.countDown();
                },
                "ktun-shutdown"));
    operator.start();
    log.info("ktun operator started (proxy image {}, server-side apply {})", settings.proxyImage(), settings.serverSideApply());
    stopped.await();
  }

  private OperatorMain() {}
}
