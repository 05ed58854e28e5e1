package dev.ktun.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the objects ktun creates for an intercepted Service. Every name stays a valid DNS label (at most 63
 * characters): a name that would be longer keeps its start and ends in a hash of the Service (or Connect) name, so
 * two long names never share a proxy.
 */
public final class ProxyNames {

  static final int MAX_LENGTH = 63;
  private static final int HASH_LENGTH = 8;

  /** The proxy Deployment and its tokens ConfigMap: {@code ktun-proxy-<service>}. */
  public static String proxy(String service) {
    return fit("ktun-proxy-" + service, service);
  }

  /** The proxy Deployment and its tokens ConfigMap of a {@link Connect}: {@code ktun-connect-<connect>}. */
  public static String connect(String connect) {
    return fit("ktun-connect-" + connect, connect);
  }

  /** A Connect's name as a label value ({@link KtunLabels#CONNECT}): itself, or shortened like the names above. */
  static String labelValue(String connect) {
    return fit(connect, connect);
  }

  /** The Service that keeps reaching the original pods: {@code <service>-ktun-origin}. */
  public static String origin(String service) {
    return fit(service + "-ktun-origin", service);
  }

  private static String fit(String name, String service) {
    if (name.length() <= MAX_LENGTH) {
      return name;
    }
    String hash = HexFormat.of().formatHex(sha256(service)).substring(0, HASH_LENGTH);
    String head = name.substring(0, MAX_LENGTH - HASH_LENGTH - 1);
    // A Connect's name may contain dots: neither "-" nor "." may stand before the hash's "-".
    while (head.endsWith("-") || head.endsWith(".")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + hash;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private ProxyNames() {}
}
