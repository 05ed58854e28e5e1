package dev.ktun.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProxyNamesTest {

  @Test
  void shortServiceNamesAreKeptReadable() {
    assertThat(ProxyNames.proxy("api")).isEqualTo("ktun-proxy-api");
    assertThat(ProxyNames.origin("api")).isEqualTo("api-ktun-origin");
  }

  @Test
  void longServiceNamesStayValidDnsLabelsAndDistinct() {
    String a = "a".repeat(60) + "-one";
    String b = "a".repeat(60) + "-two";

    for (String name : new String[] {ProxyNames.proxy(a), ProxyNames.origin(a), ProxyNames.proxy(b)}) {
      assertThat(name).hasSizeLessThanOrEqualTo(63).matches(InterceptSpec.DNS_LABEL);
    }
    assertThat(ProxyNames.proxy(a)).isNotEqualTo(ProxyNames.proxy(b));
    assertThat(ProxyNames.origin(a)).isNotEqualTo(ProxyNames.origin(b));
  }
}
