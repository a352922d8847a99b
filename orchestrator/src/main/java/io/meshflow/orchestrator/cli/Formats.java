package io.meshflow.orchestrator.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the CLI writes numbers, durations and times. */
final class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private Formats() {}

  /**
   * The JSON writer, made on first use: with the modules Spring Boot gives the HTTP API (not every
   * module on the class path, which would load Kafka's Scala module for every command).
   */
  private static final class Json {
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
        com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .addModule(new com.fasterxml.jackson.module.paramnames.ParameterNamesModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .build();
  }

  /** {@code value} as indented JSON, the shape the HTTP API gives it (times as ISO-8601). */
  static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String count(Long n) {
    return n == null || n < 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
  }

  static String millis(long ms) {
    if (ms < 1000) return ms + " ms";
    if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
  }

  static String duration(Duration d) {
    return millis(d.toMillis());
  }

  /** A span in days, hours, minutes and seconds, largest units first: {@code 1d 4h 30m}. */
  static String span(Duration d) {
    if (d == null) return "-";
    long s = Math.max(0, d.toSeconds());
    if (s < 60) return s + "s";
    StringBuilder out = new StringBuilder();
    long days = s / 86400, hours = (s / 3600) % 24, minutes = (s / 60) % 60, seconds = s % 60;
    if (days > 0) out.append(days).append("d ");
    if (hours > 0) out.append(hours).append("h ");
    if (minutes > 0 && days == 0) out.append(minutes).append("m ");
    if (seconds > 0 && days == 0 && hours == 0) out.append(seconds).append("s ");
    return out.toString().strip();
  }

  static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  static String shortId(String runId) {
    return runId == null ? "-" : runId.length() > 8 ? runId.substring(0, 8) : runId;
  }
}
