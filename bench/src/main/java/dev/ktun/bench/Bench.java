package dev.ktun.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code java -jar bench/target/ktun-bench.jar [--quick] [--only T1,T5] [--markdown FILE]}: measures direct TCP and the ktun path
 * (caller -> proxy route port -> tunnel -> client -> backend) on loopback in one run, for design targets T1,
 * T3-T7 and the DNS resolver, times intercept activation against a simulated cluster (T8), and prints each figure
 * next to its direct counterpart and its target.
 */
@Command(name = "ktun-bench", mixinStandardHelpOptions = true, subcommands = {BackendCommand.class, ActivationCommand.class},
        description = {"Measures direct TCP vs the ktun path (proxy + tunnel + client) on loopback, in one run,",
                "against the design's performance targets. Needs the proxy and client jars built:",
                "  ./mvnw -q -DskipTests package"},
        footer = {"", "Progress and raw figures go to stderr, the table to stdout.",
                "Exit codes: 0 measured (PASS or MISS), 1 a measurement failed, 2 usage error."})
public final class Bench implements Callable<Integer> {

    @Option(names = "--quick", description = "A short run (about a minute) instead of a few minutes.")
    private boolean quick;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table as markdown to FILE.")
    private Path markdown;

    @Option(names = "--only", split = ",", paramLabel = "TARGET",
            description = "Measure only these targets (T1,T3,T4,T5,T6,T7,T8,DNS; default: all). T6 also runs T1, its reference.")
    private List<String> only;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Selection selection;
        try {
            selection = only == null ? Selection.all() : Selection.of(only);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Machine machine = Machine.current();
        Jars jars = Jars.locate();
        String flags = (quick ? " --quick" : "") + (only == null ? "" : " --only " + String.join(",", new TreeSet<>(selection.targets())));
        String mode = (quick ? "--quick" : "full") + (only == null ? "" : ", only " + String.join(",", new TreeSet<>(selection.targets())));
        String loadBefore = Machine.loadAverage();
        Progress.say("ktun bench (%s run) on %s, load average %s", mode, machine.describe(), loadBefore);
        Progress.say("proxy %s, client %s", jars.proxy(), jars.client());
        ResultTable table = new BenchRun(quick ? Budget.quick() : Budget.full(), jars, selection).run();

        String when = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
        String load = "load average " + loadBefore + " before, " + Machine.loadAverage() + " after";
        System.out.println();
        System.out.println("ktun bench, " + mode + " run, " + when);
        System.out.println("machine: " + machine.describe() + "; " + load);
        System.out.println();
        System.out.print(table.text());
        if (markdown != null) {
            Files.writeString(markdown, "Measured " + when + " with `java -jar bench/target/ktun-bench.jar"
                    + flags + "` on " + machine.describe() + " (" + load + ").\n\n" + table.markdown(), StandardCharsets.UTF_8);
            Progress.say("table written to %s", markdown);
        }
        return table.rows().stream().anyMatch(row -> row.verdict() == Verdict.FAILED) ? 1 : 0;
    }
}
