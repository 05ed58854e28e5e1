package dev.ktun.client;

/**
 * A failure the user can act on: its message is the whole story, printed as is, and it decides the exit code.
 * Anything else that escapes a command is a bug, reported with "see the log".
 */
public final class KtunException extends RuntimeException {
    private final int exitCode;

    public KtunException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public KtunException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
