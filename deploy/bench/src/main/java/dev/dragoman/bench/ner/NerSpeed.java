package dev.dragoman.bench.ner;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.Collection;

/**
 * Runs {@link NerSpeedBenchmark} with JMH and prints tokens per second (single thread) as a Markdown table row.
 * Usage: {@code NerSpeed [BENCHMARK_REGEX]} (default: both benchmarks); {@code -Ddragoman.shared.dir=...}.
 */
public final class NerSpeed {

    private NerSpeed() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        String include = args.length > 0 ? args[0] : NerSpeedBenchmark.class.getName() + ".*";
        long tokens = NerSpeedBenchmark.tokens(NerSpeedBenchmark.documents());
        String shared = System.getProperty("dragoman.shared.dir", "../shared");
        Options options = new OptionsBuilder()
                .include(include)
                .jvmArgsAppend("-Ddragoman.shared.dir=" + shared)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        String machine = Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ", "
                + ManagementFactory.getOperatingSystemMXBean().getName();
        System.out.println();
        System.out.println("| date | benchmark | tokens/s (one thread) | ± (99.9%) | machine |");
        System.out.println("|---|---|---|---|---|");
        for (RunResult run : results) {
            Result<?> r = run.getPrimaryResult();
            String name = run.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            System.out.printf("| %s | %s | %,.0f | %,.0f | %s |%n", LocalDate.now(), name, r.getScore() * tokens,
                    r.getScoreError() * tokens, machine);
        }
        System.out.println("(" + tokens + " tokens per operation: CoNLL-2003 eng.testa as text, 216 documents)");
    }
}
