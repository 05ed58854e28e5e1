package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ktun demo}: the whole flow on the simulated cluster, told as a short story a newcomer can follow. */
class DemoCommandTest {

    @Test
    void theDemoSaysTheClusterIsSimulatedAndShowsTrafficMoveToThisMachineAndBack() {
        KtunRun demo = KtunRun.run("demo");

        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out())
                .contains("SIMULATED")
                .contains("$ ktun intercept svc/api -n shop --port")
                .contains("| ktun: tunnel up: port-forward to pod ktun-proxy-api-")
                .contains("->  hello from YOUR MACHINE")
                .contains("| ktun: left: svc/api sends its traffic to its own pods again");
        String afterLeave = demo.out().substring(demo.out().indexOf("4. The Service is back"));
        assertThat(afterLeave).contains("->  hello from the api pod in the cluster (v1)").doesNotContain("YOUR MACHINE");
    }
}
