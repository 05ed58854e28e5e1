package dev.ktun.api;

/** Defaults that client, operator and proxy must agree on. */
public final class KtunDefaults {

  /** The proxy's tunnel port inside its pod; the client reaches it through port-forward. */
  public static final int TUNNEL_PORT = 7300;

  /**
   * The proxy's readiness port inside its pod, which the kubelet's TCP probe connects to; like the tunnel port, moved
   * up past any port a route of the proxy listens on.
   */
  public static final int READY_PORT = 7301;

  /** The names of those two container ports in the proxy's pod: the client finds the tunnel port by its name. */
  public static final String TUNNEL_PORT_NAME = "tunnel";

  public static final String READY_PORT_NAME = "ready";

  /** How long an Intercept survives without a lease renewal. */
  public static final int LEASE_SECONDS = 30;

  /** Where the proxy container reads the accepted token hashes, one lowercase hex SHA-256 per line. */
  public static final String TOKENS_DIR = "/etc/ktun/tokens";

  /** The key of the tokens ConfigMap, and so the file name under {@link #TOKENS_DIR}. */
  public static final String TOKENS_KEY = "tokens";

  private KtunDefaults() {}
}
