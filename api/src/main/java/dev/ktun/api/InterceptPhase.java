package dev.ktun.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an Intercept is in its life. {@link #FAILED} and {@link #EXPIRED} are final: create a new Intercept. */
public enum InterceptPhase {
  /** Accepted; the proxy is being set up and the Service still points to its own pods. */
  @JsonProperty("Pending")
  PENDING,
  /** The Service points to the proxy; the client may connect and claim its ports. */
  @JsonProperty("Active")
  ACTIVE,
  /** Refused or ended by the operator; {@code status.message} says why and what to do. */
  @JsonProperty("Failed")
  FAILED,
  /** The client stopped renewing its lease; the Service was restored. */
  @JsonProperty("Expired")
  EXPIRED;

  /** Final phases: the operator does nothing more for the Intercept than clean up when it is deleted. */
  public boolean isFinal() {
    return this == FAILED || this == EXPIRED;
  }
}
