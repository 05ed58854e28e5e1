package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container command of the chart (a /bin/sh script) on this machine, with a fake kubectl first on the PATH.
 * The fake, a shell script, plays the cluster; it appends every call to the file {@code $FAKE/calls}.
 */
record ScriptRun(int exitCode, String output, List<String> kubectlCalls) {

  static ScriptRun of(List<String> command, Path fake, String fakeKubectl, Map<String, String> env) throws IOException, InterruptedException {
    Path kubectl = fake.resolve("kubectl");
    Files.writeString(kubectl, fakeKubectl);
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("PATH", fake + ":" + System.getenv("PATH"));
    builder.environment().put("FAKE", fake.toString());
    Process process = builder.start();
    boolean ended = process.waitFor(25, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("script ends").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Path calls = fake.resolve("calls");
    return new ScriptRun(process.exitValue(), output, Files.exists(calls) ? Files.readAllLines(calls) : List.of());
  }
}
