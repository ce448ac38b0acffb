package dev.recoup.notifications;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.recoup.shared.DatabaseMode;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Delivers due webhooks every {@code recoup.webhooks.poll-seconds}, as a db-scheduler recurring
 * task: one node of a cluster at a time runs it (and claims with SKIP LOCKED would keep two apart
 * anyway). Idle in command-line runs; off where db-scheduler is disabled (the tests drive {@link
 * Webhooks#deliverDue} themselves).
 */
@Configuration(proxyBeanMethods = false)
class WebhookWorker {

  private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

  @Bean
  RecurringTask<Void> webhookDelivery(
      Webhooks webhooks,
      Environment env,
      @Value("${recoup.webhooks.poll-seconds:30}") long pollSeconds) {
    return Tasks.recurring(
            "webhook-delivery", Schedules.fixedDelay(Duration.ofSeconds(Math.max(1, pollSeconds))))
        .execute(
            (instance, context) -> {
              if (DatabaseMode.isCommand(env)) {
                return;
              }
              try {
                webhooks.deliverDue();
              } catch (RuntimeException e) {
                // The next run tries again; a delivery left SENDING is re-queued after ten minutes.
                log.warn("Webhooks: delivering failed, trying again on the next run", e);
              }
            });
  }
}
