package dev.ktun.api;

/** Annotation keys ktun writes. Part of the contract between client, operator and cluster admins. */
public final class KtunAnnotations {

  /**
   * On an intercepted Service: its selector before ktun repointed it, as a JSON object. Its presence is how a
   * restarting operator finds Services to restore.
   */
  public static final String ORIGINAL_SELECTOR = "ktun.dev/original-selector";

  /**
   * On an Intercept: when the client last proved it is alive (RFC 3339). Renewed with a merge patch, which
   * needs only {@code patch} on intercepts and does not change {@code metadata.generation}.
   */
  public static final String LEASE_RENEWED_AT = "ktun.dev/lease-renewed-at";

  /**
   * On a proxy pod: a digest of the tokens it should accept. Changing pod metadata makes the kubelet resync the
   * pod at once, so the mounted tokens ConfigMap is refreshed in about a second instead of about a minute.
   */
  public static final String TOKENS_DIGEST = "ktun.dev/tokens-digest";

  private KtunAnnotations() {}
}
