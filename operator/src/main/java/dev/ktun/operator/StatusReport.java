package dev.ktun.operator;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptConditions;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.InterceptStatus;
import dev.ktun.api.ResolvedPort;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status an Intercept should show. Built fresh every time from what the operator decided, keeping only the
 * transition times of conditions that did not change, so an unchanged decision writes nothing.
 */
final class StatusReport {

  private final Intercept intercept;
  private final InterceptStatus status = new InterceptStatus();
  private final Instant now;

  private StatusReport(Intercept intercept, InterceptPhase phase, String message, Instant now) {
    this.intercept = intercept;
    this.now = now;
    status.setPhase(phase);
    status.setMessage(message);
    status.setObservedGeneration(intercept.getMetadata().getGeneration());
    previous().map(InterceptStatus::getOriginalSelector).ifPresent(status::setOriginalSelector);
  }

  static StatusReport pending(Intercept intercept, List<ResolvedPort> ports, String message, Instant now) {
    StatusReport report = new StatusReport(intercept, InterceptPhase.PENDING, message, now);
    report.status.setPorts(ports);
    return report.condition(InterceptConditions.READY, false, "ProxyStarting", message);
  }

  static StatusReport active(
      Intercept intercept, List<ResolvedPort> ports, Map<String, String> originalSelector, String proxyPod, int tunnelPort, Instant now) {
    String message =
        proxyPod == null
            ? "Service '%s' points to the ktun proxy.".formatted(intercept.serviceName())
            : "Service '%s' points to the ktun proxy; connect to pod '%s' port %d.".formatted(intercept.serviceName(), proxyPod, tunnelPort);
    StatusReport report = new StatusReport(intercept, InterceptPhase.ACTIVE, message, now);
    report.status.setPorts(ports);
    report.status.setOriginalSelector(originalSelector);
    report.status.setProxyPod(proxyPod);
    report.status.setTunnelPort(tunnelPort);
    return report.condition(InterceptConditions.READY, true, "Intercepting", message);
  }

  static StatusReport failed(Intercept intercept, String reason, String message, Instant now) {
    StatusReport report = new StatusReport(intercept, InterceptPhase.FAILED, message, now);
    report.condition(InterceptConditions.READY, false, reason, message);
    if (Verdict.Reason.SELECTOR_OVERWRITTEN.equals(reason)) {
      report.condition(InterceptConditions.SELECTOR_OVERWRITTEN, true, reason, message);
    }
    return report;
  }

  static StatusReport expired(Intercept intercept, String message, Instant now) {
    return new StatusReport(intercept, InterceptPhase.EXPIRED, message, now)
        .condition(InterceptConditions.READY, false, "LeaseExpired", message);
  }

  /** Whether the Intercept already shows this status. */
  boolean isShown() {
    return previous().map(status::equals).orElse(false);
  }

  InterceptStatus status() {
    return status;
  }

  /** A fresh Intercept carrying only name, namespace and this status: what a status patch should send. */
  Intercept asPatch() {
    Intercept patch = new Intercept();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(intercept.getMetadata().getName())
            .withNamespace(intercept.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  private StatusReport condition(String type, boolean true_, String reason, String message) {
    String value = true_ ? "True" : "False";
    String since =
        previous()
            .flatMap(s -> s.condition(type))
            .filter(c -> value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(intercept.getMetadata().getGeneration())
            .withLastTransitionTime(since)
            .build());
    status.setConditions(conditions);
    return this;
  }

  private Optional<InterceptStatus> previous() {
    return Optional.ofNullable(intercept.getStatus());
  }
}
