package dev.ktun.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class IntQueueTest {

    @Test
    void itemsComeOutInTheOrderTheyWentInAcrossWrapAroundAndGrowth() {
        IntQueue queue = new IntQueue();
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < round % 7 + 1; i++) {
                queue.add(next++);
            }
            for (int i = 0; i < round % 5 + 1 && queue.size() > 0; i++) {
                assertThat(queue.poll()).isEqualTo(expected++);
            }
        }
        while (queue.size() > 0) {
            assertThat(queue.poll()).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(next);
    }

    @Test
    void pollingAnEmptyQueueFails() {
        assertThatThrownBy(new IntQueue()::poll).isInstanceOf(NoSuchElementException.class);
    }
}
