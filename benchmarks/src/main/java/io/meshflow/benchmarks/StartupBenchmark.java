package io.meshflow.benchmarks;

import io.meshflow.orchestrator.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long a user waits for a command, from the shell to its exit, with an existing home: a cold
 * {@code meshflow publish} of one small product (the embedded stack started and stopped by the
 * command), and the commands that join a running {@code meshflow dev} (runs, checks, catalog,
 * lineage, impact, schedules, sla). Measured through {@code ./meshflow} when the benchmark runs
 * from it (the launcher's extracted jar and class-data sharing are part of what a user waits for),
 * else through this JVM's java. The baseline: the same java printing its version.
 */
public final class StartupBenchmark {
  /** The commands that join {@code dev}, as a user types them. */
  static final List<List<String>> JOINED =
      List.of(
          List.of("runs"),
          List.of("checks", "bench.tiny_0"),
          List.of("catalog", "search", "tiny"),
          List.of("lineage", "bench.tiny_0"),
          List.of("impact", "bench.tiny_0"),
          List.of("schedules"),
          List.of("sla"));

  /**
   * Each measured run's wall time, in milliseconds.
   *
   * @param jvm {@code java -version}, the floor any command stands on
   * @param joined per command (its words joined by spaces)
   */
  public record Result(List<Long> jvm, List<Long> coldPublish, Map<String, List<Long>> joined) {
    public long jvmMedian() {
      return median(jvm);
    }

    public long coldPublishMedian() {
      return median(coldPublish);
    }

    /** The median over every joined command's runs. */
    public long joinedMedian() {
      return median(joined.values().stream().flatMap(List::stream).toList());
    }

    static long median(List<Long> values) {
      List<Long> sorted = values.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }
  }

  public Result run(Path home, int runs) throws IOException, InterruptedException {
    Path mesh = BenchMesh.write(home, 0).root().toAbsolutePath();
    Map<String, String> env =
        Map.of(
            "MESHFLOW_HOME", home.toAbsolutePath().toString(),
            "MESHFLOW_MESH", mesh.toString());
    List<String> meshflow = meshflowCommand();
    List<String> publish = with(meshflow, "publish", "bench.tiny_0");
    run(publish, env); // once first: the database exists and the version is registered
    List<Long> jvm = new ArrayList<>();
    List<Long> cold = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      jvm.add(timed(List.of(javaBinary(), "-version"), env));
      cold.add(timed(publish, env));
    }
    Map<String, List<Long>> joined = new LinkedHashMap<>();
    Process dev = startDev(meshflow, env);
    try {
      for (List<String> command : JOINED) joined.put(String.join(" ", command), new ArrayList<>());
      for (int i = 0; i < runs; i++) {
        for (List<String> command : JOINED) {
          joined.get(String.join(" ", command)).add(timed(with(meshflow, command), env));
        }
      }
    } finally {
      dev.destroy();
      if (!dev.waitFor(1, TimeUnit.MINUTES)) dev.destroyForcibly();
    }
    return new Result(jvm, cold, joined);
  }

  /** Starts {@code meshflow dev} on free ports and waits until it says it runs. */
  private static Process startDev(List<String> meshflow, Map<String, String> env)
      throws IOException {
    Map<String, String> devEnv = new LinkedHashMap<>(env);
    devEnv.put("MESHFLOW_HTTP_PORT", String.valueOf(freePort()));
    ProcessBuilder builder =
        new ProcessBuilder(with(meshflow, "dev", "--temporal-port", String.valueOf(freePort())))
            .redirectErrorStream(true);
    builder.environment().putAll(devEnv);
    Process dev = builder.start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder said = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null) {
      said.append(line).append('\n');
      if (line.startsWith("meshflow dev is running")) {
        // keep reading what it prints, so that it never blocks on a full pipe
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (lines.readLine() != null) {
                      // discarded
                    }
                  } catch (IOException closed) {
                    // dev ended
                  }
                },
                "bench-dev-output");
        drain.setDaemon(true);
        drain.start();
        return dev;
      }
    }
    throw new IllegalStateException("meshflow dev did not start:\n" + said);
  }

  private static long timed(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    run(command, env);
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
    }
  }

  private static List<String> with(List<String> command, String... words) {
    return with(command, List.of(words));
  }

  private static List<String> with(List<String> command, List<String> words) {
    List<String> all = new ArrayList<>(command);
    all.addAll(words);
    return all;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * {@code ./meshflow} of the clone whose jar runs the benchmark ({@code meshflow.app-jar}, which
   * the launcher sets), else this JVM's java with this process's class path.
   */
  static List<String> meshflowCommand() {
    String appJar = System.getProperty("meshflow.app-jar");
    if (appJar != null && !appJar.isBlank()) {
      Path launcher =
          Path.of(appJar).toAbsolutePath().getParent().getParent().getParent().resolve("meshflow");
      if (Files.isExecutable(launcher)) return List.of(launcher.toString());
      return List.of(javaBinary(), "-jar", appJar);
    }
    return List.of(
        javaBinary(), "-cp", System.getProperty("java.class.path"), Main.class.getName());
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
