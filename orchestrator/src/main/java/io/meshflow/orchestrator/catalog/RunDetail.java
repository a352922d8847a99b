package io.meshflow.orchestrator.catalog;

import java.util.List;

/** A run with its steps and check results. */
public record RunDetail(RunRow run, List<StepRow> steps, List<CheckRow> checks) {}
