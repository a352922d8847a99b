package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The published JSON Schema (docs/contract.schema.json, draft 2020-12) agrees with the parser:
 * every valid fixture and example contract validates, every structurally invalid one does not.
 */
class ContractSchemaTest {
  static JsonSchema schema;
  static JsonSchema sourcesSchema;

  @BeforeAll
  static void load() throws IOException {
    JsonNode json = new ObjectMapper().readTree(Path.of("../docs/contract.schema.json").toFile());
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(json);
    JsonNode sources = new ObjectMapper().readTree(Path.of("../docs/sources.schema.json").toFile());
    sourcesSchema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(sources);
  }

  /**
   * YAML's null as a key ({@code null: false}) is the string "null" in JSON, as YAML tools write
   * it.
   */
  static Object nullKeys(Object value) {
    if (value instanceof java.util.Map<?, ?> map) {
      java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), nullKeys(v)));
      return out;
    }
    if (value instanceof java.util.List<?> list) {
      return list.stream().map(ContractSchemaTest::nullKeys).toList();
    }
    return value;
  }

  /**
   * YAML as editors' YAML plug-ins see it (YAML 1.2): dates stay strings, and only {@code true} and
   * {@code false} are booleans ({@code on} is a key like any other).
   */
  static JsonNode yaml(Path file) throws IOException {
    Resolver noTimestamps =
        new Resolver() {
          @Override
          public void addImplicitResolver(
              org.yaml.snakeyaml.nodes.Tag tag,
              java.util.regex.Pattern regexp,
              String first,
              int limit) {
            if (tag.equals(org.yaml.snakeyaml.nodes.Tag.BOOL)) {
              super.addImplicitResolver(
                  tag, java.util.regex.Pattern.compile("^(?:true|false)$"), "tf", limit);
            } else if (!tag.equals(org.yaml.snakeyaml.nodes.Tag.TIMESTAMP)) {
              super.addImplicitResolver(tag, regexp, first, limit);
            }
          }
        };
    LoaderOptions options = new LoaderOptions();
    Yaml yaml =
        new Yaml(
            new SafeConstructor(options),
            new Representer(new org.yaml.snakeyaml.DumperOptions()),
            new org.yaml.snakeyaml.DumperOptions(),
            options,
            noTimestamps);
    Object doc = yaml.load(Files.readString(file));
    return new ObjectMapper().valueToTree(nullKeys(doc));
  }

  static Stream<Path> validContracts() throws IOException {
    try (Stream<Path> fixtures =
            Stream.concat(
                Files.list(Path.of("src/test/resources/contracts/valid")),
                // broken only in what a schema cannot say (a trigger without an upstream)
                Files.list(Path.of("src/test/resources/contracts/invalid"))
                    .filter(p -> p.getFileName().toString().startsWith("semantic_")));
        Stream<Path> mesh = Files.walk(Path.of("../domains"));
        Stream<Path> failing = Files.walk(Path.of("../examples"))) {
      return Stream.of(fixtures, mesh, failing)
          .flatMap(s -> s)
          .filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().equals("sources.yaml"))
          .filter(p -> !p.toString().contains("/governance/"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static Stream<Path> structurallyInvalid() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/contracts/invalid"))) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("not_yaml.yaml"))
          .filter(p -> !p.getFileName().toString().startsWith("semantic_"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("validContracts")
  void validContractsValidate(Path file) throws IOException {
    Set<ValidationMessage> errors = schema.validate(yaml(file));
    assertThat(errors).as(file.toString()).isEmpty();
  }

  static Stream<Path> sourceDeclarations() throws IOException {
    try (Stream<Path> mesh = Files.walk(Path.of("../domains"));
        Stream<Path> examples = Files.walk(Path.of("../examples"))) {
      return Stream.concat(mesh, examples)
          .filter(p -> p.getFileName().toString().equals("sources.yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("sourceDeclarations")
  void sourceDeclarationsValidate(Path file) throws IOException {
    assertThat(sourcesSchema.validate(yaml(file))).as(file.toString()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("structurallyInvalid")
  void invalidContractsDoNot(Path file) throws IOException {
    assertThat(schema.validate(yaml(file))).as(file.toString()).isNotEmpty();
  }
}
