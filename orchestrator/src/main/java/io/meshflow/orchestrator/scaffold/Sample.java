package io.meshflow.orchestrator.scaffold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The first rows of a file, read as the extract will read it: a CSV file's header and text values
 * (an empty value is NULL, as {@code COPY} reads it), or a JSONL file's documents, one per line.
 *
 * @param format {@code csv} or {@code jsonl}
 * @param columns the column names as the file spells them (a CSV header, the JSON keys in order of
 *     first appearance)
 * @param rows each row's values in column order; null where a value is missing or empty; a JSON
 *     value that is an object or array is its JSON text
 * @param nested the JSONL columns that held objects or arrays
 * @param complete whether the whole file was read (else only the first {@code limit} rows)
 */
public record Sample(
    String format,
    List<String> columns,
    List<String[]> rows,
    List<String> nested,
    boolean complete) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The format a file's name says: {@code csv} (also {@code .tsv}) or {@code jsonl}. */
  public static String formatOf(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv") || name.endsWith(".tsv")) return "csv";
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return "jsonl";
    throw new ScaffoldException(
        file + ": cannot tell its format from its name (expected .csv, .tsv, .jsonl or .ndjson)");
  }

  /** Reads up to {@code limit} rows of {@code file}. */
  public static Sample read(Path file, int limit) {
    if (!Files.isRegularFile(file)) throw new ScaffoldException(file + ": no such file");
    try {
      if (Files.size(file) == 0) throw new ScaffoldException(file + ": the file is empty");
      return formatOf(file).equals("csv") ? csv(file, limit) : jsonl(file, limit);
    } catch (IOException e) {
      throw new ScaffoldException(file + ": cannot read it: " + e.getMessage());
    }
  }

  private static Sample csv(Path file, int limit) throws IOException {
    char separator =
        file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
    CsvMapper mapper = new CsvMapper();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> lines =
            mapper
                .readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvSchema.emptySchema().withColumnSeparator(separator))
                .readValues(reader)) {
      if (!lines.hasNext()) throw new ScaffoldException(file + ": the file is empty");
      List<String> header = new ArrayList<>(Arrays.asList(lines.next()));
      if (header.get(0) != null && header.get(0).startsWith("\uFEFF")) {
        header.set(0, header.get(0).substring(1)); // a byte-order mark, as spreadsheets write
      }
      if (header.stream().allMatch(h -> h == null || h.isBlank())) {
        throw new ScaffoldException(file + ": line 1 is empty (expected a header of column names)");
      }
      List<String[]> rows = new ArrayList<>();
      while (rows.size() < limit && lines.hasNext()) {
        int line = lines.getCurrentLocation().getLineNr();
        String[] values = lines.next();
        if (values.length == 1 && (values[0] == null || values[0].isEmpty())) continue;
        if (values.length != header.size()) {
          throw new ScaffoldException(
              file
                  + ":"
                  + line
                  + ": "
                  + values.length
                  + " values, but the header names "
                  + header.size()
                  + " columns");
        }
        for (int i = 0; i < values.length; i++) {
          if (values[i] != null && values[i].isEmpty()) values[i] = null;
        }
        rows.add(values);
      }
      return new Sample("csv", List.copyOf(header), rows, List.of(), !lines.hasNext());
    }
  }

  private static Sample jsonl(Path file, int limit) throws IOException {
    Map<String, Integer> columns = new LinkedHashMap<>();
    List<Map<String, String>> documents = new ArrayList<>();
    List<String> nested = new ArrayList<>();
    boolean complete = true;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int line = 0;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) continue;
        if (documents.size() == limit) {
          complete = false;
          break;
        }
        JsonNode doc;
        try {
          doc = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new ScaffoldException(
              file
                  + ":"
                  + line
                  + ": not a JSON document: "
                  + e.getOriginalMessage().replaceAll("\\s*\\(start marker.*", ""));
        }
        if (!doc.isObject()) {
          throw new ScaffoldException(file + ":" + line + ": expected a JSON object on each line");
        }
        Map<String, String> values = new LinkedHashMap<>();
        var fields = doc.fields();
        while (fields.hasNext()) {
          var f = fields.next();
          columns.putIfAbsent(f.getKey(), columns.size());
          JsonNode v = f.getValue();
          if (v.isContainerNode() && !nested.contains(f.getKey())) nested.add(f.getKey());
          values.put(f.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
        }
        documents.add(values);
      }
    }
    if (documents.isEmpty()) throw new ScaffoldException(file + ": the file has no document");
    List<String[]> rows = new ArrayList<>();
    for (Map<String, String> d : documents) {
      String[] row = new String[columns.size()];
      d.forEach((k, v) -> row[columns.get(k)] = v);
      rows.add(row);
    }
    return new Sample("jsonl", List.copyOf(columns.keySet()), rows, nested, complete);
  }
}
