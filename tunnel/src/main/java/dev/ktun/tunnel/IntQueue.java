package dev.ktun.tunnel;

import java.util.NoSuchElementException;

/** A first-in first-out queue of ints that allocates only to grow: bookkeeping on the data path without boxing. */
final class IntQueue {
    private int[] items = new int[4];
    private int head;
    private int size;

    void add(int item) {
        if (size == items.length) {
            int[] grown = new int[items.length * 2];
            int tail = items.length - head;
            System.arraycopy(items, head, grown, 0, tail);
            System.arraycopy(items, 0, grown, tail, head);
            items = grown;
            head = 0;
        }
        items[(head + size) % items.length] = item;
        size++;
    }

    int poll() {
        if (size == 0) {
            throw new NoSuchElementException("empty");
        }
        int item = items[head];
        head = (head + 1) % items.length;
        size--;
        return item;
    }

    int size() {
        return size;
    }
}
