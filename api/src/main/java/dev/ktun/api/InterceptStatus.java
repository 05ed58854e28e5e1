package dev.ktun.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What the operator reports. Written only by the operator, through the status subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InterceptStatus {

  @PrinterColumn(name = "Phase")
  private InterceptPhase phase;
  /** A sentence for the developer: what happened and, when something is wrong, what to do about it. */
  @PrinterColumn(name = "Message", priority = 1)
  private String message;
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();
  /** The proxy pod the client opens its tunnel to (through the API server's port-forward). */
  private String proxyPod;
  /** The proxy pod's tunnel port, bound to 127.0.0.1 inside the pod. */
  private Integer tunnelPort;
  /** The Service's selector before ktun repointed it; what the operator writes back on restore. */
  private Map<String, String> originalSelector;
  /** The requested ports, resolved against the Service. */
  private List<ResolvedPort> ports;

  public InterceptPhase getPhase() {
    return phase;
  }

  public void setPhase(InterceptPhase phase) {
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

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
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

  public Map<String, String> getOriginalSelector() {
    return originalSelector;
  }

  public void setOriginalSelector(Map<String, String> originalSelector) {
    this.originalSelector = originalSelector;
  }

  public List<ResolvedPort> getPorts() {
    return ports;
  }

  public void setPorts(List<ResolvedPort> ports) {
    this.ports = ports;
  }

  /** The condition of that type, if the operator has set one. */
  public Optional<Condition> condition(String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InterceptStatus s
        && phase == s.phase
        && Objects.equals(message, s.message)
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(proxyPod, s.proxyPod)
        && Objects.equals(tunnelPort, s.tunnelPort)
        && Objects.equals(originalSelector, s.originalSelector)
        && Objects.equals(ports, s.ports);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, message, observedGeneration, conditions, proxyPod, tunnelPort, originalSelector, ports);
  }
}
