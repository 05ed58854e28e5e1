package dev.ktun.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A copy of the chart under target/, with one edit applied to every text file: for what helm-java cannot pass. */
final class ChartCopy {

  private static final Path WORK = Path.of(System.getProperty("ktun.work.dir", "target")).toAbsolutePath();

  static Path of(Path chart, String purpose, UnaryOperator<String> edit) {
    Path copy = WORK.resolve("chart-copies").resolve(purpose).resolve(chart.getFileName());
    try {
      if (Files.exists(copy)) {
        try (Stream<Path> old = Files.walk(copy)) {
          old.sorted(Comparator.reverseOrder()).forEach(ChartCopy::delete);
        }
      }
      try (Stream<Path> files = Files.walk(chart)) {
        for (Path source : files.toList()) {
          Path target = copy.resolve(chart.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.writeString(target, edit.apply(Files.readString(source)));
          }
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + chart, e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ChartCopy() {}
}
