package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunDefaults;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proxy's tunnel and readiness ports, which are its own: never a route port, so that a probe never reaches a
 * developer and a Service whose pods listen on 7300 can be intercepted too.
 */
class ProxyOwnPortsTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  @BeforeEach
  void startOperator() {
    cluster.startOperator();
  }

  @Test
  void theKubeletProbesTheReadinessPortNotARoute() {
    cluster.createService("api", Map.of("app", "api"), port("web", 80, 8080));
    cluster.createIntercept("alice-api", "api", "alice", "web");
    Container proxy = cluster.awaitProxy("api").getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(proxy.getArgs()).containsSequence("--ready-listen", "0.0.0.0:" + KtunDefaults.READY_PORT);
    assertThat(proxy.getReadinessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo(KtunDefaults.READY_PORT_NAME);
    assertThat(portNamed(proxy, KtunDefaults.READY_PORT_NAME)).isEqualTo(KtunDefaults.READY_PORT);
    assertThat(proxy.getReadinessProbe().getPeriodSeconds()).isEqualTo(1);
  }

  @Test
  void aConnectsProxyIsProbedOnItsReadinessPortToo() {
    cluster.createConnect("alice", "alice", 30);
    Container proxy = cluster.awaitConnectProxy("alice").getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(proxy.getArgs()).containsSequence("--ready-listen", "0.0.0.0:" + KtunDefaults.READY_PORT);
    assertThat(proxy.getReadinessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo(KtunDefaults.READY_PORT_NAME);
  }

  @Test
  void targetPortsOnTheTunnelAndReadinessPortsMoveThemPastTheRoutes() {
    cluster.createService("api", Map.of("app", "api"), port("web", 80, 7300), port("admin", 81, 7301));
    cluster.createIntercept("alice-api", "api", "alice", "web");
    Container proxy = cluster.awaitProxy("api").getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(proxy.getArgs())
        .containsSequence("--tunnel-listen", "127.0.0.1:7302")
        .containsSequence("--ready-listen", "0.0.0.0:7303")
        .containsSequence("--route", "7300=api-ktun-origin.shop.svc:80")
        .containsSequence("--route", "7301=api-ktun-origin.shop.svc:81");
    assertThat(portNamed(proxy, KtunDefaults.TUNNEL_PORT_NAME)).isEqualTo(7302);
  }

  @Test
  void theActiveInterceptNamesTheTunnelPortTheProxyReallyListensOn() {
    cluster.createService("api", Map.of("app", "api"), port("web", 80, 7300));
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.awaitProxy("api");
    cluster.makeProxyReady("api");

    assertThat(cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE).getStatus().getTunnelPort()).isEqualTo(7301);
  }

  private static int portNamed(Container proxy, String name) {
    return proxy.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst().orElseThrow();
  }
}
