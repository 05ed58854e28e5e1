package dev.ktun.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an Intercept takes traffic. A field of its own so that {@code mirror} and header-matched (personal)
 * intercepts can be added without changing the meaning of existing resources.
 */
public enum InterceptMode {
  /** Every connection to the intercepted ports goes to the developer; nobody else may steal the same port. */
  @JsonProperty("steal")
  STEAL
}
