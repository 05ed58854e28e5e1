package dev.ktun.client;

import java.util.regex.Pattern;

/** {@code svc/NAME}, {@code service/NAME} or plain {@code NAME}: the Service to intercept, as kubectl spells it. */
record ServiceTarget(String name) {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    static ServiceTarget parse(String text) {
        int slash = text.indexOf('/');
        String name = text;
        if (slash >= 0) {
            String kind = text.substring(0, slash);
            if (!kind.equals("svc") && !kind.equals("service") && !kind.equals("services")) {
                throw new IllegalArgumentException("'" + text + "': ktun intercepts Services; write svc/NAME or just NAME");
            }
            name = text.substring(slash + 1);
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a Service name (lowercase letters, digits and '-')");
        }
        return new ServiceTarget(name);
    }

    @Override
    public String toString() {
        return "svc/" + name;
    }
}
