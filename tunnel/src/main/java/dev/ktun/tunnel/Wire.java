package dev.ktun.tunnel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Text on the wire is UTF-8 and short: longer text is cut, never refused, since it only ever informs. */
final class Wire {
    static final int MAX_TEXT = 512;

    private Wire() {
    }

    static byte[] clip(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_TEXT ? bytes : Arrays.copyOf(bytes, MAX_TEXT);
    }
}
