package dev.ktun.api;

import io.fabric8.generator.annotation.Required;

/**
 * Who holds an Intercept, as the client reported it. Informational: shown to the next developer who asks for
 * the same port, never used for authorization (RBAC and the tunnel token do that).
 *
 * @param user the developer's user name
 * @param host the machine the client runs on
 */
public record InterceptOwner(@Required String user, String host) {

  /** {@code alice@laptop-7}, or just {@code alice} when the host is unknown. */
  public String describe() {
    return host == null || host.isBlank() ? user : user + "@" + host;
  }
}
