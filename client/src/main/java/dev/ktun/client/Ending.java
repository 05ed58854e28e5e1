package dev.ktun.client;

/**
 * Why a running intercept or connect stops, and so what ktun does next and how it exits.
 *
 * @param exitCode what ktun exits with
 * @param message what to tell the user, or null
 * @param resourceGone whether the Intercept or Connect is already gone or final in the cluster (nothing to delete and wait for)
 */
record Ending(int exitCode, String message, boolean resourceGone) {

    static Ending interrupted() {
        return new Ending(ExitCode.INTERRUPTED, null, false);
    }

    static Ending commandExited(int code) {
        return new Ending(code, "the command exited with code " + code, false);
    }

    static Ending endedInCluster(String message) {
        return new Ending(ExitCode.FAILURE, message, true);
    }

    static Ending failed(KtunException e) {
        return new Ending(e.exitCode(), e.getMessage(), false);
    }
}
