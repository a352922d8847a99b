package io.meshflow.orchestrator.api;

import io.meshflow.orchestrator.catalog.RunDao;
import io.meshflow.orchestrator.catalog.RunDetail;
import io.meshflow.orchestrator.catalog.RunRow;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The run store: recent runs and one run's steps and checks. */
@RestController
@RequestMapping("/api/v1/runs")
public class RunsController {
  private final RunDao runs;

  public RunsController(RunDao runs) {
    this.runs = runs;
  }

  @GetMapping
  public List<RunRow> list(
      @RequestParam(required = false) String product,
      @RequestParam(defaultValue = "20") int limit) {
    if (limit < 1 || limit > 1000)
      throw new IllegalArgumentException("limit must be between 1 and 1000");
    return runs.recent(limit, product);
  }

  @GetMapping("/{runId}")
  public RunDetail get(@PathVariable String runId) {
    return runs.find(runId).orElseThrow(() -> new NotFoundException("run", runId));
  }
}
