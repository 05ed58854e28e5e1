package dev.ktun.api;

/** Condition types on an Intercept's status. */
public final class InterceptConditions {

  /** True while the Service points to the proxy and the client may connect. */
  public static final String READY = "Ready";

  /**
   * True when someone else changed the intercepted Service's selector: ktun ended the intercept and left their
   * selector in place rather than fight over it.
   */
  public static final String SELECTOR_OVERWRITTEN = "SelectorOverwritten";

  private InterceptConditions() {}
}
