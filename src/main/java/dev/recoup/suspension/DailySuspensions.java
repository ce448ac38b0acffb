package dev.recoup.suspension;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.recoup.shared.DatabaseMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Moves suspensions forward every {@code recoup.suspension.check-seconds} on today's business date
 * (UTC): notices that are due, suspensions whose date has come, relief that a crash kept from
 * happening at once. A db-scheduler recurring task: one node of a cluster runs it at a time, and
 * every step is guarded by the state it leaves, so a run repeated changes nothing.
 */
@Configuration(proxyBeanMethods = false)
class DailySuspensions {

  private static final Logger log = LoggerFactory.getLogger(DailySuspensions.class);

  @Bean
  RecurringTask<Void> suspensionCheck(
      Suspensions suspensions,
      Clock clock,
      Environment env,
      @Value("${recoup.suspension.check-seconds:300}") long checkSeconds) {
    return Tasks.recurring(
            "suspension-check", Schedules.fixedDelay(Duration.ofSeconds(Math.max(1, checkSeconds))))
        .execute(
            (instance, context) -> {
              if (DatabaseMode.isCommand(env)) {
                return;
              }
              LocalDate today = LocalDate.now(clock);
              Suspensions.Advance done = suspensions.advance(today);
              if (done.notices() + done.suspended() + done.reinstated() + done.calledOff() > 0) {
                log.info(
                    "{}: {} suspension notices sent, {} suspended, {} reinstated, {} called off",
                    today,
                    done.notices(),
                    done.suspended(),
                    done.reinstated(),
                    done.calledOff());
              }
            });
  }
}
