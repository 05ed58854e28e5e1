package dev.ktun.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real proxy and client jars of this checkout, found from where the bench runs: the bench jar sits in
 * {@code bench/target/}, next to {@code proxy-image/target/} and {@code client/target/}.
 */
record Jars(Path proxy, Path client) {
    static final String PROXY = "proxy-image/target/ktun-proxy.jar";
    static final String CLIENT = "client/target/ktun.jar";

    static Jars locate() {
        List<Path> tried = new ArrayList<>();
        for (Path start : List.of(codeLocation(), Path.of("").toAbsolutePath())) {
            for (Path dir = start; dir != null && tried.size() < 12; dir = dir.getParent()) {
                tried.add(dir);
                if (Files.isRegularFile(dir.resolve(PROXY)) && Files.isRegularFile(dir.resolve(CLIENT))) {
                    return new Jars(dir.resolve(PROXY), dir.resolve(CLIENT));
                }
            }
        }
        throw new IllegalStateException("cannot find " + PROXY + " and " + CLIENT + " above " + tried.get(0)
                + " or the current directory; build them from the repository root: ./mvnw -q -DskipTests package");
    }

    /** The JDK tools of the JVM running the bench, so the children run on the same JDK. */
    static Path jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name);
    }

    private static Path codeLocation() {
        try {
            return Path.of(Jars.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
