package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-delete hook's script, as the chart renders it, run by /bin/sh against a fake kubectl that plays a cluster
 * with one Intercept on Service shop/api and one Connect.
 */
@Timeout(30)
class EndInterceptsScriptTest {

  /**
   * `deleted` appears once the Intercepts are deleted; the Service is given back one look later, unless stuck.
   * Connects go at once when deleted (no finalizer); with FAKE_MODE=no-connects the cluster does not serve them.
   */
  private static final String FAKE_KUBECTL =
      """
      #!/bin/sh
      echo "$*" >> "$FAKE/calls"
      case "$1 $2" in
        "api-resources "*) echo intercepts.ktun.dev; [ "$FAKE_MODE" = no-connects ] || echo connects.ktun.dev ;;
        "delete intercepts.ktun.dev") touch "$FAKE/deleted" ;;
        "get intercepts.ktun.dev") [ -f "$FAKE/deleted" ] || echo shop/alice-api ;;
        "delete connects.ktun.dev") touch "$FAKE/connects-deleted" ;;
        "get connects.ktun.dev") [ -f "$FAKE/connects-deleted" ] || echo shop/alice ;;
        "get services")
          if [ "$FAKE_MODE" = stuck ] || [ ! -f "$FAKE/deleted" ] || [ ! -f "$FAKE/looked" ]; then
            [ -f "$FAKE/deleted" ] && touch "$FAKE/looked"
            echo shop/api
          fi ;;
        *) echo "fake kubectl: unexpected $*" >&2; exit 2 ;;
      esac
      """;

  @TempDir Path fake;

  @BeforeEach
  void needsAShell() {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
  }

  private ScriptRun run(String mode, int timeoutSeconds) throws Exception {
    Job job = RenderedChart.of(ChartVariant.DEFAULTS).one(Job.class, "ktun-end-intercepts");
    return ScriptRun.of(
        job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand(),
        fake,
        FAKE_KUBECTL,
        Map.of("FAKE_MODE", mode, "TIMEOUT_SECONDS", String.valueOf(timeoutSeconds), "OPERATOR_NAMESPACE", "ktun-system", "OPERATOR_DEPLOYMENT", "ktun-operator"));
  }

  @Test
  void succeedsOnceEveryInterceptIsGoneAndEveryServiceIsGivenBack() throws Exception {
    ScriptRun run = run("restores", 20);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.kubectlCalls()).anySatisfy(c -> assertThat(c).startsWith("delete intercepts.ktun.dev --all --all-namespaces"));
    assertThat(run.kubectlCalls()).filteredOn(c -> c.startsWith("get services --all-namespaces")).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void endsEveryConnect() throws Exception {
    ScriptRun run = run("restores", 20);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.kubectlCalls()).anySatisfy(c -> assertThat(c).startsWith("delete connects.ktun.dev --all --all-namespaces"));
  }

  @Test
  void leavesConnectsAloneWhereTheClusterDoesNotServeThem() throws Exception {
    ScriptRun run = run("no-connects", 20);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("The Connect resource is not served");
    assertThat(run.kubectlCalls()).noneSatisfy(c -> assertThat(c).contains("connects.ktun.dev"));
  }

  @Test
  void failsAfterItsTimeoutNamingTheServiceStillIntercepted() throws Exception {
    ScriptRun run = run("stuck", 1);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("shop/api").contains("helm uninstall --no-hooks");
  }
}
