package dev.ktun.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackendPortsTest {

    @Test
    void theBenchReadsBackTheAnnouncementTheBackendPrints() {
        BackendPorts ports = new BackendPorts(40001, 40002, 40003);

        assertThat(BackendPorts.isAnnouncement(ports.announcement())).isTrue();
        assertThat(BackendPorts.parse(ports.announcement())).isEqualTo(ports);
    }

    @Test
    void otherOutputOfTheBackendIsNotTakenForTheAnnouncement() {
        assertThat(BackendPorts.isAnnouncement("[main] INFO io.netty - ktun-bench backend ready soon")).isFalse();
    }
}
