package dev.recoup.dunning;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.recoup.shared.DatabaseMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The daily run, as a db-scheduler recurring task: one node of a cluster picks it at a time, and a
 * node that dies mid-run has its execution revived by another. Each execution catches up every
 * business date missed since the last run, in order, up to today; runs are keyed by their date, so
 * a revived or repeated execution resumes rather than repeats. Off in command-line commands.
 */
@Configuration(proxyBeanMethods = false)
class DailyDunning {

  static final String TASK = "daily-dunning-run";

  @Bean
  RecurringTask<Void> dailyDunningRun(
      Dunning dunning,
      Clock clock,
      Environment env,
      @Value("${recoup.dunning.daily-at:06:00}") String dailyAt) {
    return Tasks.recurring(TASK, Schedules.daily(ZoneOffset.UTC, LocalTime.parse(dailyAt)))
        .execute(
            (instance, context) -> {
              if (!DatabaseMode.isCommand(env)) {
                dunning.catchUp(LocalDate.now(clock));
              }
            });
  }
}
