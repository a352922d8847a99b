package io.meshflow.benchmarks;

import io.meshflow.orchestrator.MeshflowApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Wall time of {@code meshflow publish <one small product>} from a cold JVM to its exit, on the
 * embedded default with an existing home: the command a user waits for.
 */
public final class StartupBenchmark {

  /** Each measured run's wall time. */
  public record Result(List<Long> millis) {
    public long median() {
      List<Long> sorted = millis.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }
  }

  public Result run(Path home, int runs) throws IOException, InterruptedException {
    Path mesh = BenchMesh.write(home, 0).root();
    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(List.of("publish", "bench.tiny_0", "--mesh", mesh.toAbsolutePath().toString()));
    publish(command, home); // once first: the database exists and the version is registered
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      publish(command, home);
      millis.add((System.nanoTime() - start) / 1_000_000);
    }
    return new Result(millis);
  }

  private static void publish(List<String> command, Path home)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MESHFLOW_HOME", home.toAbsolutePath().toString());
    Process p = builder.start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("the measured publish failed:\n" + new String(output));
    }
  }

  /**
   * This JVM's java with the product's jar ({@code meshflow.app-jar}, which {@code ./meshflow}
   * sets), else with this process's jar or class path.
   */
  static List<String> javaCommand() {
    String javaBinary = ProcessHandle.current().info().command().orElse("java");
    String appJar = System.getProperty("meshflow.app-jar");
    if (appJar != null && !appJar.isBlank()) return List.of(javaBinary, "-jar", appJar);
    String classPath = System.getProperty("java.class.path");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
      return List.of(javaBinary, "-jar", classPath);
    }
    return List.of(javaBinary, "-cp", classPath, MeshflowApplication.class.getName());
  }
}
