package dev.ktun.operator;

import dev.ktun.api.Intercept;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes an Intercept's status during the reconciliation, not after it, and puts the result in the operator's cache.
 * The status must be on record before the Service is given back: the Service's change wakes every Intercept on it
 * again, and a reconciliation that still saw "Active" would take the restore for someone else's edit.
 */
final class StatusWriter {

  private final boolean serverSideApply;

  StatusWriter(boolean serverSideApply) {
    this.serverSideApply = serverSideApply;
  }

  void write(Intercept intercept, StatusReport report, Context<Intercept> context) {
    if (report.isShown()) {
      return;
    }
    if (serverSideApply) {
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(intercept, report.asPatch(), context);
    } else {
      PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(
          intercept,
          context,
          i -> {
            i.setStatus(report.status());
            return i;
          });
    }
  }
}
