package dev.recoup.demo;

import dev.recoup.shared.Benchmark;
import dev.recoup.shared.Measurement;
import dev.recoup.shared.RecoupCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench --tier S|M [--seed N] [--only NAME,...]}: makes sure the tier is loaded (in its own
 * data directory, {@code data/bench-<tier>}, unless RECOUP_DATA_DIR says otherwise), runs the
 * modules' benchmarks, prints each figure beside its reference, and writes {@code
 * target/bench/report.json}.
 */
@Component
class BenchCommand implements RecoupCommand {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BenchCommand.class);

  private final DemoPortfolio portfolio;
  private final List<Benchmark> benchmarks;

  BenchCommand(DemoPortfolio portfolio, List<Benchmark> benchmarks) {
    this.portfolio = portfolio;
    this.benchmarks = benchmarks;
  }

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String usage() {
    return "bench --tier S|M [--seed N] [--only NAME,...]   measure against raw SQL, write target/bench/report.json";
  }

  @Override
  public int run(String... args) throws IOException {
    Tier tier = Tier.S;
    long seed = 1;
    List<String> only = List.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tier" -> tier = Tier.parse(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--only" -> only = Arrays.asList(args[++i].split(","));
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + usage());
      }
    }
    if (portfolio.accountCount() != tier.accounts()) {
      System.out.printf("Loading tier %s (seed %d) for the benchmarks...%n", tier, seed);
      System.out.println(
          "Loaded " + portfolio.load(tier, seed, true, dev.recoup.access.Passwords.generate()));
    } else {
      System.out.printf("Reusing the tier %s portfolio already loaded.%n", tier);
    }
    List<Measurement> results = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (Benchmark b : benchmarks) {
      if (only.isEmpty() || only.contains(b.name())) {
        System.out.println("Running " + b.name() + " ...");
        try {
          results.addAll(b.measure());
        } catch (RuntimeException e) {
          // One benchmark that breaks does not take the others' figures with it.
          log.error("Benchmark {} failed", b.name(), e);
          failed.add(b.name() + ": " + e.getMessage());
        }
      }
    }
    System.out.printf(
        "%n%-70s %12s %12s %8s  %-22s %s%n",
        "benchmark (tier " + tier + ")", "value", "reference", "ratio", "goal", "met");
    for (Measurement m : results) {
      System.out.printf(
          "%-70s %9s %-2s %12s %8s  %-22s %s%n",
          m.name(),
          m.value().toPlainString(),
          m.unit(),
          m.reference().toPlainString(),
          m.ratio().toPlainString(),
          m.goal(),
          m.met() ? "yes" : "NO");
    }
    Path report = Path.of("target", "bench", "report.json");
    Files.createDirectories(report.getParent());
    Files.writeString(
        report,
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writeValueAsString(results));
    System.out.println("\nReport: " + report.toAbsolutePath());
    failed.forEach(f -> System.out.println("FAILED " + f));
    return failed.isEmpty() ? 0 : 1;
  }
}
