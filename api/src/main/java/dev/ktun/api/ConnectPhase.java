package dev.ktun.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a Connect is in its life. {@link #EXPIRED} is final: create a new Connect. */
public enum ConnectPhase {
  /** Accepted; the proxy is being set up. */
  @JsonProperty("Pending")
  PENDING,
  /** The proxy runs and accepts the Connect's token; the client may open its tunnel. */
  @JsonProperty("Active")
  ACTIVE,
  /** The client stopped renewing its lease; the proxy was removed. */
  @JsonProperty("Expired")
  EXPIRED
}
