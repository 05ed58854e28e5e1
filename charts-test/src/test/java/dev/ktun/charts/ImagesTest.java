package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The images the Dockerfiles build are the ones the chart installs, and they need neither root nor a shell. */
class ImagesTest {

  private static final Pattern BUILD_TAG = Pattern.compile("docker build -t ([^:\\s]+):");
  private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$");

  private static String dockerfile(String module) throws IOException {
    return Files.readString(ChartFiles.repository(module + "/Dockerfile"));
  }

  private static String builtRepository(String dockerfile) {
    Matcher m = BUILD_TAG.matcher(dockerfile);
    assertThat(m.find()).as("the Dockerfile says how to build and tag it").isTrue();
    return m.group(1);
  }

  @Test
  void chartDefaultsToTheImagesTheDockerfilesBuild() throws IOException {
    assertThat(ChartFiles.valuesYaml().at("/image/repository").asText()).isEqualTo(builtRepository(dockerfile("operator")));
    assertThat(ChartFiles.valuesYaml().at("/proxy/image/repository").asText()).isEqualTo(builtRepository(dockerfile("proxy-image")));
  }

  @Test
  void proxyImageRunsTheProxyJarAsANonRootUser() throws IOException {
    String proxy = dockerfile("proxy-image");

    assertThat(proxy).contains("COPY target/ktun-proxy.jar /app/ktun-proxy.jar");
    assertThat(proxy).containsPattern("(?m)^ENTRYPOINT \\[\"java\",.*\"-jar\", \"/app/ktun-proxy.jar\"\\]$");
    Matcher user = USER.matcher(proxy);
    assertThat(user.find()).as("a numeric USER, so the kubelet can check runAsNonRoot").isTrue();
    assertThat(Long.parseLong(user.group(1))).isPositive();
  }

  @Test
  void proxyImageHasNoShell() throws IOException {
    // distroless: a JRE and nothing else; the ENTRYPOINT is in exec form, so no shell is needed to start it.
    assertThat(dockerfile("proxy-image")).containsPattern("(?m)^FROM gcr\\.io/distroless/java\\d+-debian\\d+:nonroot$");
  }

  @Test
  void chartIsReleasedWithTheProjectVersion() {
    String projectVersion = System.getProperty("ktun.project.version", "");

    assertThat(projectVersion).as("surefire passes ${project.version}").isNotEmpty();
    assertThat(ChartFiles.appVersion()).isEqualTo(projectVersion.replace("-SNAPSHOT", ""));
    assertThat(ChartFiles.chartYaml().path("version").asText()).isEqualTo(ChartFiles.appVersion());
  }
}
