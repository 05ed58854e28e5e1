package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `helm lint --strict`. helm-java's lint takes no values: other values are linted from a copy of the chart. */
class ChartLintTest {

  private static LintResult lint(Path chart) {
    return new Helm(chart).lint().strict().call();
  }

  @Test
  void chartLintsWithoutWarnings() {
    LintResult result = lint(RenderedChart.CHART);

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]") || m.startsWith("Error"));
  }

  @Test
  void lintRejectsValuesOfTheWrongType() {
    Path chart = ChartCopy.of(RenderedChart.CHART, "replicas-two", text -> text.replace("\nreplicas: 1\n", "\nreplicas: \"two\"\n"));

    LintResult result = lint(chart);

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("replicas");
  }
}
