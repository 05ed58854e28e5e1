package dev.ktun.api;

/** Defaults that client, operator and proxy must agree on. */
public final class KtunDefaults {

  /** The proxy's tunnel port inside its pod; the client reaches it through port-forward. */
  public static final int TUNNEL_PORT = 7300;

  /** How long an Intercept survives without a lease renewal. */
  public static final int LEASE_SECONDS = 30;

  /** Where the proxy container reads the accepted token hashes, one lowercase hex SHA-256 per line. */
  public static final String TOKENS_DIR = "/etc/ktun/tokens";

  /** The key of the tokens ConfigMap, and so the file name under {@link #TOKENS_DIR}. */
  public static final String TOKENS_KEY = "tokens";

  private KtunDefaults() {}
}
