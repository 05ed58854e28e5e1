package dev.ktun.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Helm chart ships checked-in copies of the CRDs; they must stay what the classes generate. */
class CheckedInCrdTest {

  private static final String REFRESH =
      "the Helm chart ships the checked-in CRD %1$s, which no longer matches the classes. Refresh it:%n"
          + "  ./mvnw -pl api process-classes && cp api/target/classes/META-INF/fabric8/%1$s charts/ktun/files/crds/%1$s";

  @ParameterizedTest
  @ValueSource(strings = {Intercept.CRD_NAME, Connect.CRD_NAME})
  void checkedInCrdEqualsTheOneGeneratedFromTheClasses(String crd) throws IOException {
    String file = crd + "-v1.yml";
    Path generated = Path.of(System.getProperty("ktun.crd.generated"), file);
    Path checkedIn = Path.of(System.getProperty("ktun.crd.checkedIn"), file);

    assertThat(generated).as("the crd-generator-maven-plugin output").exists();
    assertThat(checkedIn).withFailMessage(REFRESH, file).exists();
    assertThat(Files.readString(checkedIn)).withFailMessage(REFRESH, file).isEqualTo(Files.readString(generated));
  }
}
