package dev.ktun.client;

import java.io.PrintWriter;
import java.io.Writer;

/** Writes through to another writer with every line indented: the demo shows a command's own output as a quote. */
final class IndentedWriter extends Writer {
    private final PrintWriter target;
    private final String indent;
    private boolean lineStart = true;

    IndentedWriter(PrintWriter target, String indent) {
        this.target = target;
        this.indent = indent;
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        synchronized (target) {
            for (int i = offset; i < offset + length; i++) {
                if (lineStart) {
                    target.write(indent);
                    lineStart = false;
                }
                target.write(buffer[i]);
                lineStart = buffer[i] == '\n';
            }
        }
    }

    @Override
    public void flush() {
        target.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
