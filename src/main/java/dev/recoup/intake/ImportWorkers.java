package dev.recoup.intake;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Background imports run on a small pool of their own (not a bean of type Executor, so that the
 * application's default task executor stays as it is): an import is mostly the database's work, so
 * two at a time keep a 2-core server responsive; more wait in a bounded queue. A stopping node
 * drops its imports: their transactions roll back and the runs are marked failed later.
 */
@Component
class ImportWorkers implements DisposableBean {

  private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

  ImportWorkers() {
    executor.setThreadNamePrefix("import-");
    executor.setCorePoolSize(2);
    executor.setMaxPoolSize(2);
    executor.setQueueCapacity(50);
    executor.setWaitForTasksToCompleteOnShutdown(false);
    executor.initialize();
  }

  /** Runs a job; TaskRejectedException when the queue is full. */
  void execute(Runnable job) {
    executor.execute(job);
  }

  @Override
  public void destroy() {
    executor.shutdown();
  }
}
