package dev.ktun.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProxyNamesTest {

  private static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  private static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

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

  @Test
  void connectProxiesAreNamedForTheirConnect() {
    assertThat(ProxyNames.connect("alice-7f3a")).isEqualTo("ktun-connect-alice-7f3a");
    assertThat(KtunLabels.connectPod("alice-7f3a")).containsEntry(KtunLabels.CONNECT, "alice-7f3a");
  }

  @Test
  void longConnectNamesGiveValidObjectNamesAndLabelValues() {
    // A Connect's name is a DNS subdomain (dots allowed, up to 253 characters); here both cuts fall on a dot.
    String a = "a".repeat(40) + "." + "b".repeat(12) + "." + "c".repeat(60);
    String b = "a".repeat(40) + "." + "b".repeat(12) + "." + "d".repeat(60);

    for (String name : new String[] {a, b}) {
      assertThat(ProxyNames.connect(name)).hasSizeLessThanOrEqualTo(63).matches(DNS_SUBDOMAIN);
      assertThat(KtunLabels.connectPod(name).get(KtunLabels.CONNECT)).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
    }
    assertThat(ProxyNames.connect(a)).isNotEqualTo(ProxyNames.connect(b));
    assertThat(KtunLabels.connectPod(a)).isNotEqualTo(KtunLabels.connectPod(b));
  }
}
