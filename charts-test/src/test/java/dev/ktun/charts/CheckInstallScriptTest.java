package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The `helm test` pod's script, as the chart renders it, run by /bin/sh against a fake kubectl. */
@Timeout(30)
class CheckInstallScriptTest {

  /** A cluster whose CRD is established unless FAKE_CRD says otherwise, with an available operator that leads. */
  private static final String FAKE_KUBECTL =
      """
      #!/bin/sh
      echo "$*" >> "$FAKE/calls"
      case "$*" in
        "get customresourcedefinition intercepts.ktun.dev "*) printf '%s' "$FAKE_CRD" ;;
        "-n ktun-system wait --for=condition=Available deployment/ktun-operator "*) echo "deployment.apps/ktun-operator condition met" ;;
        "-n ktun-system get lease ktun-operator "*) printf '%s' ktun-operator-7d9f8-abcde ;;
        *) echo "fake kubectl: unexpected $*" >&2; exit 2 ;;
      esac
      """;

  @TempDir Path fake;

  @BeforeEach
  void needsAShell() {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
  }

  private ScriptRun run(String crdEstablished) throws Exception {
    Pod pod = RenderedChart.of(ChartVariant.DEFAULTS).one(Pod.class, "ktun-test");
    return ScriptRun.of(
        pod.getSpec().getContainers().get(0).getCommand(),
        fake,
        FAKE_KUBECTL,
        Map.of("FAKE_CRD", crdEstablished, "OPERATOR_NAMESPACE", "ktun-system", "OPERATOR_DEPLOYMENT", "ktun-operator"));
  }

  @Test
  void passesWhenTheCrdIsEstablishedAndTheOperatorIsAvailableAndLeads() throws Exception {
    ScriptRun run = run("True");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("operator ktun-operator-7d9f8-abcde leads");
    assertThat(run.kubectlCalls()).hasSize(3);
  }

  @Test
  void failsWhenTheCrdIsNotEstablished() throws Exception {
    ScriptRun run = run("False");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("not established");
  }
}
