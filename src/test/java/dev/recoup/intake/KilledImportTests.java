package dev.recoup.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.recoup.access.Access;
import dev.recoup.ledger.Aging;
import dev.recoup.support.RecoupTest;
import dev.recoup.support.SignedIn;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * quality.md, faults: "kill -9 of the app in the middle of a large import, then a restart and
 * re-run: no duplicates, no half-imported file, control totals equal the source". The import runs
 * in a separate JVM ({@code recoup import ...} on this test's database), which is killed with
 * SIGKILL while it is reading the file; then the same file is imported again.
 */
@RecoupTest
class KilledImportTests {

  private static final String SOURCE = "TEST-KILL";
  private static final int INVOICES = 150_000;

  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired Imports imports;
  @Autowired Access access;
  @Autowired Aging aging;

  @TempDir Path dir;

  @AfterEach
  void removeTheLargeFile() {
    // The shared test database should not carry 150k extra open items into other tests' figures.
    List<Long> accounts =
        jdbc.sql(
                "select distinct account_id from invoice where source_system = :s"
                    + " union select id from customer_account where source_system = :s")
            .param("s", SOURCE)
            .query(Long.class)
            .list();
    jdbc.sql("delete from invoice where source_system = :s").param("s", SOURCE).update();
    aging.refreshBalances(
        accounts.stream().map(dev.recoup.accounts.AccountId::new).toList(),
        LocalDate.parse(RecoupTest.TODAY));
  }

  @Test
  void anImportKilledHalfWayLeavesNothingAndTheReRunLoadsTheWholeFileOnce() throws Exception {
    Path accountsFile = writeAccounts();
    SignedIn.as(
        access,
        "lena",
        () ->
            read(
                accountsFile,
                in ->
                    imports.importFile(
                        ImportKind.ACCOUNTS,
                        Presets.named("recoup", ImportKind.ACCOUNTS),
                        "kill-accounts.csv",
                        in)));
    Path invoices = writeInvoices();
    Map<String, BigDecimal> fileTotals = totalsOf(invoices);

    // The import runs in its own JVM and is killed (SIGKILL) while it is at work on the file.
    Process app = startImport(invoices);
    boolean sawItRunning = waitUntilRunning("kill-invoices.csv", Duration.ofMinutes(3), app);
    app.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no rollback from the app
    assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(sawItRunning).as("the import was seen at work before the kill").isTrue();
    assertThat(runStatus("kill-invoices.csv"))
        .as("the killed run never finished")
        .isIn("RUNNING", "QUEUED");

    // Nothing of a half-read file is in the ledger: its transaction died with the process.
    assertThat(invoiceCount()).isZero();

    // Re-run after the "restart": the whole file, once.
    ImportReport again =
        SignedIn.as(
            access,
            "lena",
            () ->
                read(
                    invoices,
                    in ->
                        imports.importFile(
                            ImportKind.INVOICES,
                            Presets.named("recoup", ImportKind.INVOICES),
                            "kill-invoices.csv",
                            in)));
    assertThat(again.rejected()).isZero();
    assertThat(again.created()).isEqualTo(INVOICES);
    assertThat(again.fileRows()).isEqualTo(INVOICES);
    assertThat(again.loadedRows()).isEqualTo(INVOICES);
    assertThat(scaled(again.fileTotals())).isEqualTo(fileTotals);
    assertThat(scaled(again.loadedTotals())).isEqualTo(fileTotals);
    assertThat(invoiceCount()).isEqualTo(INVOICES);
    Map<String, BigDecimal> inLedger = new TreeMap<>();
    jdbc.sql("select currency, sum(amount) from invoice where source_system = :s group by currency")
        .param("s", SOURCE)
        .query((rs, n) -> inLedger.put(rs.getString(1), rs.getBigDecimal(2).setScale(2)))
        .list();
    assertThat(inLedger).as("control totals in the ledger equal the file").isEqualTo(fileTotals);

    // And a third time changes nothing: no duplicates.
    ImportReport third =
        SignedIn.as(
            access,
            "lena",
            () ->
                read(
                    invoices,
                    in ->
                        imports.importFile(
                            ImportKind.INVOICES,
                            Presets.named("recoup", ImportKind.INVOICES),
                            "kill-invoices.csv",
                            in)));
    assertThat(third.unchanged()).isEqualTo(INVOICES);
    assertThat(third.created() + third.updated() + third.rejected()).isZero();
    assertThat(invoiceCount()).isEqualTo(INVOICES);
  }

  private Process startImport(Path invoices) throws Exception {
    HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx512m");
    command.add("-Dspring.profiles.active=test");
    command.add("-Drecoup.db.url=" + hikari.getJdbcUrl());
    command.add("-Drecoup.db.user=" + hikari.getUsername());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.recoup.RecoupApplication");
    command.addAll(
        List.of("import", "--kind", "invoices", "--preset", "recoup", invoices.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("import.log").toFile())
        .start();
  }

  /** Waits until the other JVM's run has read part of the file (but not finished). */
  private boolean waitUntilRunning(String fileName, Duration limit, Process app)
      throws InterruptedException {
    long until = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < until && app.isAlive()) {
      List<Long> read =
          jdbc.sql(
                  "select rows_read from import_run where file_name = :f and status = 'RUNNING'"
                      + " and started_by = 'import'")
              .param("f", fileName)
              .query(Long.class)
              .list();
      if (!read.isEmpty() && read.get(0) > 0) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private String runStatus(String fileName) {
    return jdbc.sql(
            "select status from import_run where file_name = :f and started_by = 'import'"
                + " order by id desc limit 1")
        .param("f", fileName)
        .query(String.class)
        .single();
  }

  private long invoiceCount() {
    return jdbc.sql("select count(*) from invoice where source_system = :s")
        .param("s", SOURCE)
        .query(Long.class)
        .single();
  }

  private Path writeAccounts() throws Exception {
    String entity =
        jdbc.sql("select code from legal_entity where functional_currency = 'EUR' limit 1")
            .query(String.class)
            .single();
    Path file = dir.resolve("kill-accounts.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("external_id,name,entity,currency,source_system\n");
      for (int a = 1; a <= 3; a++) {
        w.write("KILL-A" + a + ",Killed Import Customer " + a + "," + entity + ",EUR," + SOURCE);
        w.write('\n');
      }
    }
    return file;
  }

  private Path writeInvoices() throws Exception {
    Path file = dir.resolve("kill-invoices.csv");
    LocalDate issued = LocalDate.parse(RecoupTest.TODAY).minusDays(20);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "external_id,number,account_external_id,currency,issue_date,due_date,amount,"
              + "source_system\n");
      for (int i = 1; i <= INVOICES; i++) {
        String amount = BigDecimal.valueOf(10_000 + (i % 9_973) * 37L, 2).toPlainString();
        w.write(
            "KILL-I"
                + i
                + ",KI-"
                + i
                + ",KILL-A"
                + (1 + i % 3)
                + ",EUR,"
                + issued
                + ","
                + issued.plusDays(30)
                + ","
                + amount
                + ","
                + SOURCE
                + "\n");
      }
    }
    return file;
  }

  private static Map<String, BigDecimal> scaled(Map<String, BigDecimal> totals) {
    Map<String, BigDecimal> out = new TreeMap<>();
    totals.forEach((c, v) -> out.put(c, v.setScale(2)));
    return out;
  }

  private static Map<String, BigDecimal> totalsOf(Path invoices) throws Exception {
    BigDecimal sum = BigDecimal.ZERO;
    try (var lines = Files.lines(invoices)) {
      for (String line : (Iterable<String>) lines.skip(1)::iterator) {
        sum = sum.add(new BigDecimal(line.split(",")[6]));
      }
    }
    return new TreeMap<>(Map.of("EUR", sum.setScale(2)));
  }

  private interface Reading<T> {
    T apply(InputStream in) throws Exception;
  }

  private static <T> T read(Path file, Reading<T> reading) {
    try (InputStream in = Files.newInputStream(file)) {
      return reading.apply(in);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
