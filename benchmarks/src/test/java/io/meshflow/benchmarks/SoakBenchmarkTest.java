package io.meshflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.orchestrator.config.MeshflowProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak benchmark's every figure, on a few seconds of load (the benchmark itself runs long). */
class SoakBenchmarkTest {
  @TempDir Path home;

  @Test
  void aShortSoakSamplesEveryFigureAndRunsWithoutFailures() throws Exception {
    MeshflowProperties properties =
        new MeshflowProperties(
            home, Path.of("../domains"), Path.of("../governance"), null, null, null);
    SoakBenchmark soak = new SoakBenchmark(properties);
    List<SoakBenchmark.Sample> printed = new ArrayList<>();
    List<SoakBenchmark.Sample> samples =
        soak.run(Duration.ofSeconds(8), Duration.ofSeconds(4), printed::add);

    assertThat(samples).isEqualTo(printed).hasSizeGreaterThanOrEqualTo(3);
    assertThat(soak.failures()).isEmpty();
    SoakBenchmark.Sample last = samples.get(samples.size() - 1);
    assertThat(last.runs()).isPositive();
    assertThat(last.reads()).isPositive();
    assertThat(last.failedRuns()).isZero();
    assertThat(samples)
        .allSatisfy(
            s -> {
              assertThat(s.heapMb()).isPositive();
              assertThat(s.threads()).isPositive();
              assertThat(s.connections()).isPositive();
              assertThat(s.fileDescriptors()).isPositive();
              assertThat(s.stagingTables()).isNotNegative();
            });
  }
}
