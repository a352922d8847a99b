package io.meshflow.orchestrator.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A Meshflow process of its own (a worker, a server), started from the test's class path. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code mainClass} with {@code args} and {@code env}; returns once it printed a line that
   * starts with {@code ready}.
   */
  static Process start(String mainClass, List<String> args, Map<String, String> env, String ready)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    CountDownLatch started = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.startsWith(ready)) started.countDown();
                }
              } catch (Exception ended) {
                // the process was killed
              }
            });
    reader.setDaemon(true);
    reader.start();
    if (!started.await(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(mainClass + " " + args + " did not start");
    }
    return process;
  }

  /** {@code meshflow <args>}. */
  static Process meshflow(List<String> args, Map<String, String> env, String ready)
      throws Exception {
    return start("io.meshflow.orchestrator.MeshflowApplication", args, env, ready);
  }
}
