package dev.ktun.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the backend process listens, as it announces it on stdout for the bench to read. */
record BackendPorts(int sink, int source, int echo) {
    static final String ANNOUNCEMENT = "ktun-bench backend ready";
    private static final Pattern LINE = Pattern.compile(Pattern.quote(ANNOUNCEMENT) + " sink=(\\d+) source=(\\d+) echo=(\\d+)");

    String announcement() {
        return ANNOUNCEMENT + " sink=" + sink + " source=" + source + " echo=" + echo;
    }

    static boolean isAnnouncement(String line) {
        return LINE.matcher(line).matches();
    }

    static BackendPorts parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a backend announcement: " + line);
        }
        return new BackendPorts(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    List<Integer> all() {
        return List.of(sink, source, echo);
    }
}
