package io.meshflow.orchestrator.api;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.orchestrator.backfill.BackfillService;
import io.meshflow.orchestrator.backfill.BackfillService.Status;
import io.meshflow.orchestrator.catalog.ScheduleDao;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.schedule.ScheduleReconciler;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Backfills of partitioned products, and the products' schedules. */
@RestController
@RequestMapping("/api/v1")
public class BackfillsController {
  private final BackfillService backfills;
  private final PublishService publishing;
  private final ScheduleDao schedules;

  public BackfillsController(
      BackfillService backfills, PublishService publishing, ScheduleDao schedules) {
    this.backfills = backfills;
    this.publishing = publishing;
    this.schedules = schedules;
  }

  /**
   * A range of partitions to backfill.
   *
   * @param concurrency partitions run at once when the backfill starts (default 4)
   */
  public record BackfillRange(String from, String to, Integer concurrency) {}

  private DataProductContract contract(String product) {
    ProductId id;
    try {
      id = ProductId.parse(product);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("product", product);
    }
    return publishing
        .mesh()
        .product(id)
        .orElseThrow(() -> new NotFoundException("product", product));
  }

  /** Adds the range to the product's backfill, starting one when none runs. */
  @PostMapping("/products/{product}/backfill")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Status start(@PathVariable String product, @RequestBody BackfillRange range) {
    DataProductContract contract = contract(product);
    if (range.from() == null || range.to() == null) {
      throw new IllegalArgumentException(
          "from and to are required, e.g. {\"from\": \"2026-03-01\", \"to\": \"2026-03-31\"}");
    }
    backfills.start(
        contract,
        range.from(),
        range.to(),
        range.concurrency() == null ? BackfillService.DEFAULT_CONCURRENCY : range.concurrency());
    return backfills.status(contract.id()).orElseThrow();
  }

  /** The product's backfill: done, running, queued and failed partitions, ETA. */
  @GetMapping("/products/{product}/backfill")
  public Status status(@PathVariable String product) {
    ProductId id = contract(product).id();
    return backfills.status(id).orElseThrow(() -> new NotFoundException("backfill", product));
  }

  @PostMapping("/products/{product}/backfill/pause")
  public Status pause(@PathVariable String product) {
    return backfills.pause(contract(product).id());
  }

  @PostMapping("/products/{product}/backfill/resume")
  public Status resume(@PathVariable String product) {
    return backfills.resume(contract(product).id());
  }

  @PostMapping("/products/{product}/backfill/cancel")
  public Status cancel(@PathVariable String product) {
    return backfills.cancel(contract(product).id());
  }

  /** The products' cron schedules with their next tick. */
  @GetMapping("/schedules")
  public List<ScheduleReconciler.ScheduleRow> schedules() {
    return ScheduleReconciler.list(schedules);
  }
}
