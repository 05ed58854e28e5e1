package dev.ktun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import java.util.Objects;

/** What the operator reports about a {@link Connect}. Written only by the operator, through the status subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectStatus {

  @PrinterColumn(name = "Phase")
  private ConnectPhase phase;
  /** A sentence for the developer: what happened and, when something is wrong, what to do about it. */
  @PrinterColumn(name = "Message", priority = 1)
  private String message;
  private Long observedGeneration;
  /** The proxy pod the client opens its tunnel to (through the API server's port-forward). */
  private String proxyPod;
  /** The proxy pod's tunnel port, bound to 127.0.0.1 inside the pod. */
  private Integer tunnelPort;

  public ConnectPhase getPhase() {
    return phase;
  }

  public void setPhase(ConnectPhase phase) {
    this.phase = phase;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getProxyPod() {
    return proxyPod;
  }

  public void setProxyPod(String proxyPod) {
    this.proxyPod = proxyPod;
  }

  public Integer getTunnelPort() {
    return tunnelPort;
  }

  public void setTunnelPort(Integer tunnelPort) {
    this.tunnelPort = tunnelPort;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectStatus s
        && phase == s.phase
        && Objects.equals(message, s.message)
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(proxyPod, s.proxyPod)
        && Objects.equals(tunnelPort, s.tunnelPort);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, message, observedGeneration, proxyPod, tunnelPort);
  }
}
