package io.meshflow.orchestrator.lineage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Somewhere lineage events go besides the catalog: the console, a JSON-lines file, an HTTP
 * endpoint.
 */
public sealed interface LineageTransport {
  /** A stable name, used to track what was delivered where. */
  String name();

  /** Sends one event (JSON); throws when the destination did not take it. */
  void send(String event) throws IOException, InterruptedException;

  /** Prints each event on standard output, one per line. */
  record Console() implements LineageTransport {
    @Override
    public String name() {
      return "console";
    }

    @Override
    public void send(String event) {
      System.out.println(event);
    }
  }

  /** Appends each event to a file, one JSON document per line. */
  record File(Path location) implements LineageTransport {
    @Override
    public String name() {
      return "file:" + location;
    }

    @Override
    public void send(String event) throws IOException {
      Path parent = location.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(
          location,
          event.replace('\n', ' ') + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  /** POSTs each event to a Marquez-compatible endpoint ({@code url} + {@code endpoint}). */
  record Http(URI url, String endpoint, String apiKey) implements LineageTransport {
    private static final HttpClient CLIENT =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public String name() {
      return "http:" + url.resolve(endpoint);
    }

    @Override
    public void send(String event) throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url.resolve(endpoint))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(event));
      if (apiKey != null && !apiKey.isBlank()) request.header("Authorization", "Bearer " + apiKey);
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IOException(
            "HTTP "
                + response.statusCode()
                + " from "
                + url.resolve(endpoint)
                + ": "
                + response.body());
      }
    }
  }
}
