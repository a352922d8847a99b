package io.meshflow.orchestrator.api;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractParser;
import io.meshflow.contracts.parse.ContractProblem;
import io.meshflow.contracts.parse.SafeYaml;
import io.meshflow.contracts.parse.Utf8Text;
import io.meshflow.orchestrator.publish.PublishService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Registers a contract version sent over HTTP, under the same rules as the CLI's registration (see
 * {@code ContractRegistry}): the guide's {@code curl -X POST …/v1/products -d
 * @domains/orders/data-product-contract.yaml}. The body is the contract's YAML (or JSON), whatever
 * its content type says; its model is either a second part of a {@code multipart/form-data} body
 * ({@code contract} and {@code model}), or read from the server's mesh folder as if the contract
 * were a file of its domain there ({@code <mesh>/<domain>/models/<product>.sql}, or its {@code
 * spec.transform.sql}), where the domain's source declarations are read too.
 */
@RestController
public class RegistrationController {
  /** How problems name a contract that came as a request body. */
  static final String BODY = "body";

  private static final Pattern STRIPPED =
      Pattern.compile("apiVersion:\\s*\\S+?kind:", Pattern.CASE_INSENSITIVE);

  private final PublishService publishing;
  private final SourceRoots roots;

  public RegistrationController(
      PublishService publishing, io.meshflow.orchestrator.config.MeshflowProperties properties) {
    this.publishing = publishing;
    this.roots = properties.sourceRoots();
  }

  /** What a registration did. */
  public record Registered(String product, String version, boolean created, String location) {}

  @PostMapping(
      path = {"/v1/products", "/api/v1/contracts"},
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ResponseEntity<Object> registerParts(
      @RequestPart("contract") MultipartFile contract,
      @RequestPart(value = "model", required = false) MultipartFile model)
      throws IOException {
    String name =
        contract.getOriginalFilename() == null || contract.getOriginalFilename().isBlank()
            ? BODY
            : Path.of(contract.getOriginalFilename()).getFileName().toString();
    String modelSql;
    try {
      modelSql = model == null ? null : Utf8Text.decode(model.getBytes());
    } catch (Utf8Text.MalformedException e) {
      return badRequest(List.of("model: the part " + e.getMessage()));
    }
    return register(contract.getBytes(), name, modelSql);
  }

  @PostMapping(path = {"/v1/products", "/api/v1/contracts"})
  public ResponseEntity<Object> registerBody(@RequestBody(required = false) byte[] body) {
    return register(body == null ? new byte[0] : body, BODY, null);
  }

  private ResponseEntity<Object> register(byte[] bytes, String display, String modelSql) {
    String text;
    try {
      text = Utf8Text.decode(bytes);
    } catch (Utf8Text.MalformedException e) {
      return badRequest(List.of(display + ": the body " + e.getMessage()));
    }
    if (text.isBlank()) {
      return badRequest(List.of(display + ": the body is empty; send the contract's YAML"));
    }
    if (!text.contains("\n") && STRIPPED.matcher(text).find()) {
      return badRequest(
          List.of(
              display
                  + ": the contract arrived without its line breaks, as curl's -d @file sends a"
                  + " file; send it with --data-binary @file"));
    }
    Path meshRoot = publishing.mesh().root().toAbsolutePath().normalize();
    Path file = meshRoot.resolve(placement(text, display));
    ContractParser parser = new ContractParser(meshRoot, roots);
    DataProductContract contract;
    try {
      contract =
          modelSql == null
              ? parser.parse(file, display, text)
              : parser.parse(file, display, text, ContractParser.registeredModel(modelSql));
    } catch (ContractException e) {
      return badRequest(e.problems().stream().map(ContractProblem::toString).toList());
    } catch (RuntimeException e) {
      // a document SafeYaml refuses (aliases, tags, size) is a problem of the body
      return badRequest(List.of(display + ": " + e.getMessage()));
    }
    boolean created = publishing.register(contract);
    String location = "/api/v1/products/" + contract.id();
    Registered registered =
        new Registered(contract.id().toString(), contract.version().toString(), created, location);
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
        .header("Location", location)
        .body(registered);
  }

  /**
   * Where in the mesh the contract reads as if it were a file: {@code <domain>/<product>.yaml}, so
   * that its model and its domain's source declarations resolve there. A body whose domain or name
   * cannot be read gets a place of its own, and the parser reports what is wrong with it.
   */
  private static String placement(String text, String display) {
    Object doc;
    try {
      doc = SafeYaml.load(text, display);
    } catch (RuntimeException e) {
      return "_/contract.yaml";
    }
    if (doc instanceof Map<?, ?> root && root.get("metadata") instanceof Map<?, ?> metadata) {
      Object domain = metadata.get("domain");
      Object name = metadata.get("name");
      if (domain instanceof String d
          && d.matches("[a-z_][a-z0-9_]{0,62}")
          && name instanceof String n) {
        Matcher product = Pattern.compile("\\.([a-z_][a-z0-9_]{0,62})$").matcher(n);
        return d + "/" + (product.find() ? product.group(1) : "contract") + ".yaml";
      }
    }
    return "_/contract.yaml";
  }

  private static ResponseEntity<Object> badRequest(List<String> problems) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            problems.size()
                + " contract problem"
                + (problems.size() == 1 ? "" : "s")
                + ":\n  "
                + String.join("\n  ", problems));
    problem.setProperty("problems", problems);
    return ResponseEntity.badRequest().body(problem);
  }
}
