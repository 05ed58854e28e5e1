package dev.ktun.operator;

import dev.ktun.api.ResolvedPort;
import java.time.Instant;
import java.util.List;

/** The operator's judgement of one Intercept at one moment. */
sealed interface Verdict {

  /** The Intercept may hold its ports: the proxy serves it, and the Service points to the proxy once Ready. */
  record Admitted(List<ResolvedPort> ports, Instant leaseDeadline) implements Verdict {}

  /** The Intercept cannot be served; {@code message} tells the developer what to fix. */
  record Refused(String reason, String message) implements Verdict {}

  /** The client stopped renewing its lease. */
  record Expired(String message) implements Verdict {}

  /** Already final or being deleted: nothing to decide any more. */
  record Ended() implements Verdict {}

  /** Reasons of {@link Refused}, also used as condition reasons. */
  final class Reason {
    static final String SERVICE_NOT_FOUND = "ServiceNotFound";
    static final String SERVICE_NOT_INTERCEPTABLE = "ServiceNotInterceptable";
    static final String UNKNOWN_PORT = "UnknownPort";
    static final String TARGET_PORT_UNRESOLVED = "TargetPortUnresolved";
    static final String PORT_CONFLICT = "PortConflict";
    static final String SELECTOR_OVERWRITTEN = "SelectorOverwritten";

    private Reason() {}
  }
}
