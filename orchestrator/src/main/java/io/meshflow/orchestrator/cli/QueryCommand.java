package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.parse.ContractValues;
import io.meshflow.orchestrator.access.ConsumerQuery;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow query}: one read-only query, as a consumer's own login. */
@Component
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Run one read-only query (SELECT, WITH … SELECT, VALUES, TABLE) on the warehouse as a",
      "consumer's login: what it returns is exactly what PostgreSQL lets that login's roles see",
      "(grants, secured views, row-level security), as psql or a BI tool logged in as them would."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the query ran", "1:the warehouse refused it", "2:invalid input"})
public class QueryCommand implements Callable<Integer> {
  enum Format {
    TABLE,
    JSON,
    CSV
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SQL", description = "The query.")
  String sql;

  @Option(names = "--as", required = true, paramLabel = "LOGIN", description = "Whose login.")
  String login;

  @Option(names = "--format", description = "table, json or csv (default ${DEFAULT-VALUE}).")
  Format format = Format.TABLE;

  @Option(names = "--limit", description = "At most this many rows (default ${DEFAULT-VALUE}).")
  int limit = 1000;

  @Option(names = "--timeout", description = "Statement timeout (default ${DEFAULT-VALUE}).")
  String timeout = "30s";

  private final StackLauncher launcher;

  public QueryCommand(MeshflowProperties properties, StackLauncher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConsumerQuery.Result result;
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, Set.of()))) {
      result =
          new ConsumerQuery(stack.jdbcUrl())
              .run(login, sql, limit, ContractValues.duration(timeout));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    } catch (ConsumerQuery.QueryRefusedException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    }
    switch (format) {
      case JSON -> {
        List<Map<String, String>> rows =
            result.rows().stream()
                .map(
                    row -> {
                      Map<String, String> m = new LinkedHashMap<>();
                      for (int i = 0; i < row.size(); i++)
                        m.put(result.columns().get(i), row.get(i));
                      return m;
                    })
                .toList();
        out.println(
            Formats.json(
                Map.of(
                    "columns", result.columns(), "rows", rows, "truncated", result.truncated())));
      }
      case CSV -> {
        out.println(
            result.columns().stream().map(QueryCommand::csv).collect(Collectors.joining(",")));
        result
            .rows()
            .forEach(
                r ->
                    out.println(
                        r.stream().map(QueryCommand::csv).collect(Collectors.joining(","))));
      }
      default -> {
        TextTable table = new TextTable(result.columns().toArray(String[]::new));
        result
            .rows()
            .forEach(
                r -> table.add(r.stream().map(v -> v == null ? "NULL" : v).toArray(String[]::new)));
        table.print(out);
        out.println(
            "("
                + result.rows().size()
                + " row"
                + (result.rows().size() == 1 ? "" : "s")
                + (result.truncated() ? ", stopped at --limit " + limit : "")
                + ")");
      }
    }
    out.flush();
    return 0;
  }

  /** RFC 4180: quoted when it holds a comma, a quote or a line break; NULL as nothing. */
  private static String csv(String value) {
    if (value == null) return "";
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
