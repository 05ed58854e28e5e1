package dev.ktun.operator;

import dev.ktun.api.KtunDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How this operator runs, read from its environment (the Helm chart sets it).
 *
 * @param proxyImage the proxy container image ({@code KTUN_PROXY_IMAGE})
 * @param proxyPullPolicy when the kubelet pulls it ({@code KTUN_PROXY_IMAGE_PULL_POLICY})
 * @param proxyPullSecrets pull secrets for it, by name ({@code KTUN_PROXY_IMAGE_PULL_SECRETS}, comma-separated); they
 *     must exist in every namespace where developers intercept, since the proxy runs there
 * @param tunnelPort the proxy's tunnel port inside its pod ({@code KTUN_TUNNEL_PORT})
 * @param serverSideApply whether to write with server-side apply ({@code KTUN_SERVER_SIDE_APPLY}); on for real
 *     clusters, off where the API server lacks it (the fabric8 mock server)
 * @param leaseCheckInterval the longest time between two looks at a client's lease ({@code KTUN_LEASE_CHECK_SECONDS}):
 *     an Intercept whose client died ends at most this long after its lease
 * @param healthPort the port of {@code /healthz} and {@code /startup} ({@code KTUN_HEALTH_PORT})
 */
record OperatorSettings(String proxyImage, String proxyPullPolicy, List<String> proxyPullSecrets, int tunnelPort,
    boolean serverSideApply, Duration leaseCheckInterval, int healthPort) {

  static OperatorSettings fromEnvironment(Map<String, String> env) {
    return new OperatorSettings(
        env.getOrDefault("KTUN_PROXY_IMAGE", "ghcr.io/ktun-dev/ktun-proxy:" + projectVersion()),
        env.getOrDefault("KTUN_PROXY_IMAGE_PULL_POLICY", "IfNotPresent"),
        Arrays.stream(env.getOrDefault("KTUN_PROXY_IMAGE_PULL_SECRETS", "").split(","))
            .map(String::strip).filter(name -> !name.isEmpty()).toList(),
        Integer.parseInt(env.getOrDefault("KTUN_TUNNEL_PORT", String.valueOf(KtunDefaults.TUNNEL_PORT))),
        Boolean.parseBoolean(env.getOrDefault("KTUN_SERVER_SIDE_APPLY", "true")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("KTUN_LEASE_CHECK_SECONDS", "5"))),
        Integer.parseInt(env.getOrDefault("KTUN_HEALTH_PORT", "8081")));
  }

  /** The version this operator was built as; its proxy image carries the same tag. */
  static String projectVersion() {
    try (InputStream in = OperatorSettings.class.getResourceAsStream("/ktun-operator.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("ktun-operator.properties is part of the operator jar", e);
    }
  }
}
