package dev.ktun.operator;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.ArrayList;
import java.util.List;

/** A gate on the mock's watch WebSockets: while held, what the server sends waits here, in order. */
final class HeldWatchEvents {

  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;

  synchronized void hold() {
    holding = true;
  }

  synchronized void release() {
    holding = false;
    held.forEach(Runnable::run);
    held.clear();
  }

  private synchronized boolean send(Runnable send) {
    if (holding) {
      held.add(send);
    } else {
      send.run();
    }
    return true;
  }

  /** The watch's own listener, given a WebSocket whose sends pass through this gate. */
  WebSocketListener passingThrough(WebSocketListener watch) {
    return new WebSocketListener() {
      @Override
      public void onBeforeAccept(WebSocket ws, Response response) {
        watch.onBeforeAccept(gated(ws), response);
      }

      @Override
      public void onOpen(WebSocket ws, Response response) {
        watch.onOpen(gated(ws), response);
      }

      @Override
      public void onMessage(WebSocket ws, String text) {
        watch.onMessage(gated(ws), text);
      }

      @Override
      public void onMessage(WebSocket ws, byte[] bytes) {
        watch.onMessage(gated(ws), bytes);
      }

      @Override
      public void onClosing(WebSocket ws, int code, String reason) {
        watch.onClosing(gated(ws), code, reason);
      }

      @Override
      public void onClosed(WebSocket ws, int code, String reason) {
        watch.onClosed(gated(ws), code, reason);
      }

      @Override
      public void onFailure(WebSocket ws, Throwable failure, Response response) {
        watch.onFailure(gated(ws), failure, response);
      }
    };
  }

  private WebSocket gated(WebSocket ws) {
    return new WebSocket() {
      @Override
      public RecordedRequest request() {
        return ws.request();
      }

      @Override
      public boolean send(String text) {
        return HeldWatchEvents.this.send(() -> ws.send(text));
      }

      @Override
      public boolean send(byte[] bytes) {
        return HeldWatchEvents.this.send(() -> ws.send(bytes));
      }

      @Override
      public boolean close(int code, String reason) {
        return ws.close(code, reason);
      }
    };
  }
}
