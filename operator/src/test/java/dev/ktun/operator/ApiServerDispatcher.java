package dev.ktun.operator;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.net.URI;

/**
 * The mock's CRUD dispatcher, closer to a real API server where the operator's guarded Service writes need it.
 *
 * <ul>
 *   <li>A JSON Patch whose {@code test} operation fails is answered 422, as kube-apiserver does. The mock itself lets
 *       the exception escape and never answers: the writer hangs until its client gives up, seconds later.
 *   <li>Service watch events can be held back, as when a busy API server's watch lags behind its writes, so that a
 *       test decides when the operator hears of a Service change.
 * </ul>
 */
final class ApiServerDispatcher extends KubernetesCrudDispatcher {

  private static final int UNPROCESSABLE_ENTITY = 422;

  private final HeldWatchEvents serviceEvents = new HeldWatchEvents();

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    try {
      return super.handlePatch(request);
    } catch (JsonPatchException e) {
      var status =
          new StatusBuilder().withStatus("Failure").withReason("Invalid").withCode(UNPROCESSABLE_ENTITY).withMessage(e.getMessage()).build();
      return new MockResponse().setResponseCode(UNPROCESSABLE_ENTITY).setBody(new KubernetesSerialization().asJson(status));
    }
  }

  @Override
  public MockResponse handleWatch(String path) {
    MockResponse watch = super.handleWatch(path);
    if (!URI.create(path).getPath().endsWith("/services")) {
      return watch;
    }
    return new MockResponse().withWebSocketUpgrade(serviceEvents.passingThrough(watch.getWebSocketListener()));
  }

  /** From now on, every Service watch keeps its events until {@link #releaseServiceEvents()}. */
  void holdServiceEvents() {
    serviceEvents.hold();
  }

  /** Sends the held Service events, in order, and lets the next ones through at once. */
  void releaseServiceEvents() {
    serviceEvents.release();
  }
}
