package dev.ktun.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The chart's own files, read as data: Chart.yaml, values.yaml, README.md. */
final class ChartFiles {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static JsonNode chartYaml() {
    return yaml("Chart.yaml");
  }

  static JsonNode valuesYaml() {
    return yaml("values.yaml");
  }

  static String appVersion() {
    return chartYaml().path("appVersion").asText();
  }

  static String text(String file) {
    try {
      return Files.readString(RenderedChart.CHART.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of the repository, relative to its root. */
  static Path repository(String path) {
    return RenderedChart.CHART.resolve("../..").resolve(path).normalize();
  }

  private static JsonNode yaml(String file) {
    try {
      return YAML.readTree(text(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ChartFiles() {}
}
