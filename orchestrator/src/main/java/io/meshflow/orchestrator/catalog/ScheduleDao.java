package io.meshflow.orchestrator.catalog;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The cron workflows the catalog knows it started, one per scheduled product. */
@RegisterConstructorMapper(ScheduleDao.Schedule.class)
public interface ScheduleDao {
  /**
   * A product's schedule as started.
   *
   * @param contentHash what the schedule's workflow was started from (contract and followers)
   */
  record Schedule(
      String productId, String workflowId, String cron, String timezone, String contentHash) {}

  @SqlQuery(
      "SELECT product_id, workflow_id, cron, timezone, content_hash FROM meshflow.schedules"
          + " ORDER BY product_id")
  List<Schedule> list();

  @SqlQuery("SELECT content_hash FROM meshflow.schedules WHERE product_id = :p")
  Optional<String> contentHash(@Bind("p") String productId);

  @SqlUpdate(
      """
      INSERT INTO meshflow.schedules (product_id, workflow_id, cron, timezone, content_hash)
      VALUES (:p, :w, :cron, :tz, :hash)
      ON CONFLICT (product_id) DO UPDATE SET cron = excluded.cron, timezone = excluded.timezone,
          content_hash = excluded.content_hash, updated_at = now()
      """)
  void save(
      @Bind("p") String productId,
      @Bind("w") String workflowId,
      @Bind("cron") String cron,
      @Bind("tz") String timezone,
      @Bind("hash") String contentHash);

  @SqlUpdate("DELETE FROM meshflow.schedules WHERE product_id = :p")
  void delete(@Bind("p") String productId);
}
