package dev.parley.bench;

import java.util.Collection;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the codec benchmarks with JMH's usual command-line options and then prints, per benchmark and payload size,
 * operations per second, GB/s of payload (ops/s × size) and, with {@code -prof gc}, bytes allocated per operation.
 *
 * <pre>./mvnw -q -Pjmh compile exec:exec@jmh -Djmh.args="-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc"</pre>
 */
public final class WireBench {
    private WireBench() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        System.out.println();
        System.out.printf("%-34s %7s %16s %10s %12s%n", "benchmark", "size", "ops/s", "GB/s", "B/op");
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            int size = Integer.parseInt(result.getParams().getParam("size"));
            double opsPerSecond = result.getPrimaryResult().getScore();
            String allocated = "-";
            for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
                if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                    allocated = String.format("%.1f", secondary.getValue().getScore());
                }
            }
            System.out.printf("%-34s %7d %16.0f %10.2f %12s%n", name, size, opsPerSecond, opsPerSecond * size / 1e9,
                    allocated);
        }
    }
}
