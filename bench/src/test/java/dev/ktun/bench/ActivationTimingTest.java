package dev.ktun.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationTimingTest {

    @Test
    void aTimingCrossesFromTheScenesJvmToTheBenchUnchanged() {
        ActivationTiming timing = new ActivationTiming(3, 41_500_000, 30_250_000, 22_000_000, 2_140_000_000L,
                "412 requests (local 1, origin 411), one every 6.10 ms");

        assertThat(ActivationTiming.parse(timing.line())).isEqualTo(timing);
        assertThat(ActivationTiming.isRound(3)).accepts(timing.line());
        assertThat(ActivationTiming.isRound(1)).rejects(timing.line());
    }

    @Test
    void anyOtherLineOfTheSceneIsNotATiming() {
        assertThatThrownBy(() -> ActivationTiming.parse("ktun: tunnel up")).hasMessageContaining("not a T8 timing line");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        List<ActivationTiming> timings = List.of(ready(40), ready(10), ready(30), ready(20));

        assertThat(ActivationTarget.median(timings, ActivationTiming::readyToLocalNanos)).isEqualTo(25);
        assertThat(ActivationTarget.worst(timings, ActivationTiming::readyToLocalNanos)).isEqualTo(40);
    }

    private static ActivationTiming ready(long nanos) {
        return new ActivationTiming(1, nanos, 0, 0, 0, "-");
    }
}
