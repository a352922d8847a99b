package io.meshflow.workers.activities;

import io.meshflow.workers.quality.CheckEvaluator;
import io.meshflow.workers.quality.QualityCheckCompiler;
import io.meshflow.workers.quality.QualityCheckCompiler.Compiled;
import io.meshflow.workers.quality.QualityCheckCompiler.Measure;
import io.meshflow.workers.quality.QualityCheckCompiler.Statement;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ValidateActivities;
import io.meshflow.workflows.activities.ValidateRequest;
import io.meshflow.workflows.activities.ValidateResult;
import io.meshflow.workflows.publish.CheckOutcome;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.Query;

/** Measures every check with the compiled statements (one scan for most checks), read-only. */
public class ValidateActivitiesImpl implements ValidateActivities {
  private final Warehouse warehouse;
  private final QualityCheckCompiler compiler = new QualityCheckCompiler();

  public ValidateActivitiesImpl(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  @Override
  public ValidateResult validate(ValidateRequest request) {
    Compiled compiled = compiler.compile(request.table(), request.fields(), request.checks());
    List<long[]> results = new ArrayList<>();
    Warehouse.Timed<Void> timed =
        warehouse.timedTransaction(
            "checking " + request.table(),
            h -> {
              for (Statement s : compiled.statements()) {
                Query q = h.createQuery(s.sql());
                for (int i = 0; i < s.binds().size(); i++) q.bind(i, s.binds().get(i));
                results.add(
                    q.map(
                            (rs, ctx) -> {
                              long[] row = new long[rs.getMetaData().getColumnCount()];
                              for (int i = 0; i < row.length; i++) row[i] = rs.getLong(i + 1);
                              return row;
                            })
                        .one());
              }
              return null;
            });
    List<CheckOutcome> outcomes = new ArrayList<>();
    for (Measure m : compiled.measures()) {
      long considered = results.get(m.considered().statement())[m.considered().column()];
      long unexpected = results.get(m.unexpected().statement())[m.unexpected().column()];
      outcomes.add(CheckEvaluator.evaluate(m.check(), considered, unexpected));
    }
    return new ValidateResult(
        outcomes, results.get(0)[0], compiled.statements().size(), timed.millis());
  }
}
