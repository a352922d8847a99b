package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tutorial.md, run as a user runs it: every line of its {@code bash} blocks, in order, in one
 * shell, through the real {@code ./meshflow} launcher and the packaged jar, from a home folder
 * where {@code ~/meshflow} is this clone. A line ending in {@code # exits N} must exit N, every
 * other line 0.
 */
class TutorialIT {
  private static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EXITS = Pattern.compile("#\\s*exits (\\d+)\\s*$");

  @TempDir Path home;

  @Test
  void theTutorialRunsAsWritten() throws Exception {
    Path clone = Path.of("..").toRealPath();
    Files.createSymbolicLink(home.resolve("meshflow"), clone);
    Path script = home.resolve("tutorial.sh");
    Files.writeString(script, script(Files.readString(clone.resolve("docs/tutorial.md"))));
    ProcessBuilder shell =
        new ProcessBuilder("bash", script.toString())
            .directory(home.toFile())
            .redirectErrorStream(true);
    shell.environment().keySet().removeIf(k -> k.startsWith("MESHFLOW_"));
    shell.environment().put("HOME", home.toString());
    shell.environment().put("GIT_AUTHOR_NAME", "Tutorial");
    shell.environment().put("GIT_AUTHOR_EMAIL", "tutorial@example.com");
    shell.environment().put("GIT_COMMITTER_NAME", "Tutorial");
    shell.environment().put("GIT_COMMITTER_EMAIL", "tutorial@example.com");
    Process run = shell.start();
    String output;
    try (var in = run.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(run.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(run.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("valid: 1 contract checked, 0 warnings")
        .containsPattern("sales\\.customers +SUCCEEDED +12 +12 +6 passed, 1 warned")
        .contains(
            "  breaking  spec.schema.fields[2]: field 'country' removed: consumers selecting it"
                + " fail\n")
        .contains("FAILED: 1 breaking change but the major version stays 1; release it as 2.0.0")
        .contains("ok: 1 breaking change with a new major version")
        .containsPattern("sales\\.customers +SUCCEEDED +12 +12 +5 passed, 1 warned")
        .contains("versions   1.0.0, 2.0.0");
  }

  /** The tutorial's bash lines, each checked for the exit code the tutorial says it has. */
  static String script(String tutorial) {
    List<String> lines = new ArrayList<>();
    lines.add("set -u");
    Matcher block = BLOCK.matcher(tutorial);
    while (block.find()) {
      for (String line : block.group(1).split("\n")) {
        if (line.isBlank() || line.strip().startsWith("#")) continue;
        Matcher exits = EXITS.matcher(line);
        int expected = exits.find() ? Integer.parseInt(exits.group(1)) : 0;
        String quoted = "'" + line.replace("'", "'\\''") + "'";
        lines.add("echo \"\\$ \"" + quoted);
        lines.add(line);
        lines.add(
            "rc=$?; if [ $rc -ne "
                + expected
                + " ]; then echo \"tutorial: \""
                + quoted
                + "\" exited $rc, expected "
                + expected
                + "\"; exit 1; fi");
      }
    }
    return String.join("\n", lines) + "\n";
  }
}
