package dev.ktun.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

    @Test
    void namesAreReadWhateverTheirCase() {
        assertThat(Selection.of(List.of("t5", "dns")).targets()).containsExactlyInAnyOrder("T5", "DNS");
    }

    @Test
    void t6BringsT1AlongBecauseItsBulkIsComparedWithT1() {
        assertThat(Selection.of(List.of("T6")).targets()).containsExactlyInAnyOrder("T1", "T6");
    }

    @Test
    void anUnknownTargetIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Selection.of(List.of("T2")))
                .hasMessage("unknown target 'T2'; known targets: T1,T3,T4,T5,T6,T7,T8,DNS");
    }

    @Test
    void theProxyAndClientPairStartsOnlyForTargetsThatUseIt() {
        assertThat(Selection.of(List.of("T7", "T8", "DNS")).needsKtunPath()).isFalse();
        assertThat(Selection.of(List.of("T3")).needsKtunPath()).isTrue();
    }
}
