package dev.ktun.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckedInCrdTest {

  private static final String REFRESH =
      "the Helm chart ships the checked-in CRD, which no longer matches the Intercept classes. Refresh it:%n"
          + "  ./mvnw -pl api process-classes && cp api/target/classes/META-INF/fabric8/intercepts.ktun.dev-v1.yml"
          + " charts/ktun/files/crds/intercepts.ktun.dev-v1.yml";

  @Test
  void checkedInCrdEqualsTheOneGeneratedFromTheClasses() throws IOException {
    Path generated = Path.of(System.getProperty("ktun.crd.generated"));
    Path checkedIn = Path.of(System.getProperty("ktun.crd.checkedIn"));

    assertThat(generated).as("the crd-generator-maven-plugin output").exists();
    assertThat(checkedIn).withFailMessage(REFRESH).exists();
    assertThat(Files.readString(checkedIn)).withFailMessage(REFRESH).isEqualTo(Files.readString(generated));
  }
}
