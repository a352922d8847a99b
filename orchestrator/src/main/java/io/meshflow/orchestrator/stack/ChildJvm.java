package io.meshflow.orchestrator.stack;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Meshflow process of its own (a worker, a Temporal server), started from this process's class
 * path: the executable jar's, or the one a test runs with.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code mainClass} with {@code args} and {@code env}; returns once it printed a line that
   * starts with {@code ready}.
   */
  public static Process start(
      String mainClass, List<String> args, Map<String, String> env, String ready) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
    if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
      // the executable jar: its own launcher finds the nested jars
      command.addAll(
          List.of(
              "-Dloader.main=" + mainClass,
              "-cp",
              classPath,
              "org.springframework.boot.loader.launch.PropertiesLauncher"));
    } else {
      command.addAll(List.of("-cp", classPath, mainClass));
    }
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
      throw new StackException(mainClass + " " + args + " did not start within 60 s");
    }
    return process;
  }

  /** {@code meshflow <args>}. */
  public static Process meshflow(List<String> args, Map<String, String> env, String ready)
      throws Exception {
    return start("io.meshflow.orchestrator.MeshflowApplication", args, env, ready);
  }
}
