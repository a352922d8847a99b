package io.meshflow.contracts.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A semantic version (semver.org 2.0): {@code MAJOR.MINOR.PATCH[-pre][+build]}. */
public record SemanticVersion(int major, int minor, int patch, String preRelease, String build)
    implements Comparable<SemanticVersion> {

  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  public static SemanticVersion parse(String text) {
    Matcher m = text == null ? null : SEMVER.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "invalid semantic version '" + text + "' (expected MAJOR.MINOR.PATCH, e.g. 2.1.0)");
    }
    return new SemanticVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        m.group(4),
        m.group(5));
  }

  @Override
  public int compareTo(SemanticVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) c = Integer.compare(minor, o.minor);
    if (c == 0) c = Integer.compare(patch, o.patch);
    if (c == 0 && (preRelease == null) != (o.preRelease == null)) {
      return preRelease == null ? 1 : -1;
    }
    if (c == 0 && preRelease != null) c = preRelease.compareTo(o.preRelease);
    return c;
  }

  @Override
  public String toString() {
    return major
        + "."
        + minor
        + "."
        + patch
        + (preRelease == null ? "" : "-" + preRelease)
        + (build == null ? "" : "+" + build);
  }
}
