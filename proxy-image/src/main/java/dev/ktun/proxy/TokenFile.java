package dev.ktun.proxy;

import dev.ktun.tunnel.TokenCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file of accepted token hashes, one lowercase hex SHA-256 per line (a mounted ConfigMap the operator keeps
 * current). Polled, not watched: ConfigMap volumes swap symlinks, which file watchers report unreliably.
 * A line that is not a hash is skipped with a warning; the rest stay in force.
 */
final class TokenFile {
    private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);

    private final Path path;
    private final Set<String> fixed;
    private final TokenCheck check;
    private String lastContent = "";

    TokenFile(Path path, Set<String> fixed, TokenCheck check) {
        this.path = path;
        this.fixed = fixed;
        this.check = check;
    }

    void reloadEvery(ScheduledExecutorService scheduler, long millis) {
        scheduler.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Reads the file and replaces the accepted hashes when it changed; a missing file accepts only the fixed ones. */
    void reload() {
        String content;
        try {
            content = Files.exists(path) ? Files.readString(path) : "";
        } catch (IOException e) {
            LOG.warn("cannot read token hashes from {}: {}; keeping the current ones", path, e.toString());
            return;
        }
        if (content.equals(lastContent)) {
            return;
        }
        lastContent = content;
        Set<String> hashes = new LinkedHashSet<>(fixed);
        for (String line : content.split("\n")) {
            String hash = line.trim();
            if (hash.isEmpty() || hash.startsWith("#")) {
                continue;
            }
            if (hash.matches("[0-9a-fA-F]{64}")) {
                hashes.add(hash.toLowerCase());
            } else {
                LOG.warn("{}: skipping a line that is not a SHA-256 hex hash", path);
            }
        }
        check.replace(hashes);
        LOG.info("accepting {} tunnel token(s)", hashes.size());
    }
}
