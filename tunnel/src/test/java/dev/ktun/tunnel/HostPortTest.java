package dev.ktun.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @Test
    void parsesAHostAndAPort() {
        assertThat(HostPort.parse("127.0.0.1:7300")).isEqualTo(new HostPort("127.0.0.1", 7300));
        assertThat(HostPort.parse("orders.shop.svc:0")).isEqualTo(new HostPort("orders.shop.svc", 0));
    }

    @Test
    void anIpv6HostComesInBracketsAndIsPrintedInThem() {
        HostPort parsed = HostPort.parse("[::1]:7300");

        assertThat(parsed).isEqualTo(new HostPort("::1", 7300));
        assertThat(parsed).hasToString("[::1]:7300");
        assertThat(parsed.toAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void anIpv6HostWithoutBracketsIsRefusedWithTheFix() {
        assertThatThrownBy(() -> HostPort.parse("::1:7300"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'::1:7300': write an IPv6 host in brackets, e.g. [::1]:7300");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "7300      | '7300' is not HOST:PORT (e.g. 127.0.0.1:7300)",
        ":7300     | ':7300' is not HOST:PORT (e.g. 127.0.0.1:7300)",
        "localhost:| 'localhost:' is not HOST:PORT (e.g. 127.0.0.1:7300)",
        "host:http | 'host:http': 'http' is not a port number (0-65535)",
        "host:65536| 'host:65536': '65536' is not a port number (0-65535)",
        "host:-1   | 'host:-1': '-1' is not a port number (0-65535)",
        "[::1]:x   | '[::1]:x': 'x' is not a port number (0-65535)"})
    void badInputIsRefusedWithASentenceThatQuotesIt(String text, String message) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
