package io.meshflow.orchestrator.cli;

import io.meshflow.orchestrator.catalog.CatalogService;
import io.meshflow.orchestrator.catalog.CheckHistoryRow;
import io.meshflow.orchestrator.catalog.ComplianceRow;
import io.meshflow.orchestrator.catalog.ProductRow;
import io.meshflow.orchestrator.catalog.SearchDao;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow catalog}: find products and read their pages. */
@Component
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Search the catalog and show product pages.")
public class CatalogCommand {
  @Spec CommandSpec spec;

  private final StackLauncher launcher;

  public CatalogCommand(StackLauncher launcher) {
    this.launcher = launcher;
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description =
          "Products whose name, domain, description, owner, tags or field names contain every word.")
  int search(
      @Parameters(paramLabel = "TEXT", arity = "1..*") List<String> words, @Mixin JsonOption json) {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      List<SearchDao.Hit> hits = stack.catalog().search().search(String.join(" ", words));
      if (json.on) {
        out.println(Formats.json(hits));
      } else if (hits.isEmpty()) {
        out.println(
            "no product matches '"
                + String.join(" ", words)
                + "' in the catalog of the home "
                + launcher.home()
                + " (MESHFLOW_HOME)");
      } else {
        TextTable table = new TextTable("PRODUCT", "VERSION", "OWNER", "MATCHED IN", "DESCRIPTION");
        hits.forEach(
            h ->
                table.add(
                    h.productId(),
                    h.latestVersion(),
                    h.owner(),
                    String.join(", ", h.matchedIn()),
                    h.description() == null ? "" : h.description()));
        table.print(out);
      }
      out.flush();
      return hits.isEmpty() ? 1 : 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "A product's page: owner, versions, runs, checks, compliance.")
  int show(@Parameters(paramLabel = "PRODUCT") String product, @Mixin JsonOption json) {
    PrintWriter out = spec.commandLine().getOut();
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      Optional<CatalogService.ProductPage> found = stack.services().catalogPages().page(product);
      if (found.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                "no product '"
                    + product
                    + "' in the catalog of the home "
                    + launcher.home()
                    + " (MESHFLOW_HOME)");
        spec.commandLine().getErr().flush();
        return 1;
      }
      CatalogService.ProductPage page = found.get();
      if (json.on) {
        out.println(Formats.json(page));
        out.flush();
        return 0;
      }
      ProductRow p = page.product();
      out.printf("%s %s%n", p.productId(), p.latestVersion());
      if (p.description() != null) out.printf("  %s%n", p.description());
      out.printf("owner      %s%n", p.owner());
      out.printf(
          "published  %s%n",
          p.publishedVersion() == null
              ? "never"
              : p.publishedVersion()
                  + ", "
                  + Formats.count(p.publishedRows())
                  + " rows at "
                  + Formats.time(p.publishedAt()));
      out.printf(
          "versions   %s%n",
          String.join(", ", page.versions().stream().map(v -> v.version()).toList()));
      out.println();
      out.println("recent runs");
      page.recentRuns().stream()
          .limit(5)
          .forEach(
              r ->
                  out.printf(
                      "  %s  %-9s  %s  %s rows%n",
                      Formats.time(r.startedAt()),
                      r.status(),
                      Formats.shortId(r.runId()),
                      Formats.count(r.rowsOut())));
      out.println();
      out.println("checks (latest result, pass rate)");
      for (CheckHistoryRow c : page.checks()) {
        out.printf(
            "  %-6s %s  %d/%d%n",
            c.latestSuccess() ? "passed" : "FAILED", c.checkName(), c.passed(), c.runs());
      }
      out.println();
      out.println("governance");
      for (ComplianceRow c : page.compliance()) {
        out.printf(
            "  %-6s %s%s%n",
            c.passed() ? "ok" : c.severity().equals("warn") ? "warn" : "FAILED",
            c.ruleId(),
            c.passed() ? "" : ": " + c.description());
      }
      out.flush();
      return 0;
    }
  }
}
