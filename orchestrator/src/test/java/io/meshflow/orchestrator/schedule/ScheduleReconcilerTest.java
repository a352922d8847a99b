package io.meshflow.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleReconcilerTest {
  @Test
  void aTimeZoneOtherThanUtcIsPassedToTemporalAsCronTz() {
    assertThat(ScheduleReconciler.cronSpec("*/15 * * * *", "UTC")).isEqualTo("*/15 * * * *");
    assertThat(ScheduleReconciler.cronSpec("0 2 * * *", "Europe/Amsterdam"))
        .isEqualTo("CRON_TZ=Europe/Amsterdam 0 2 * * *");
  }

  @Test
  void theNextTickIsInTheSchedulesTimeZone() {
    var next = ScheduleReconciler.next("30 2 * * *", "Europe/Amsterdam");
    assertThat(next.getZone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
    assertThat(next.getHour()).isEqualTo(2);
    assertThat(next.getMinute()).isEqualTo(30);
  }
}
