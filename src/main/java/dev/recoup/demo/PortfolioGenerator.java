package dev.recoup.demo;

import dev.recoup.accounts.AccountStatus;
import dev.recoup.accounts.AccountsBulkLoad.AccountRow;
import dev.recoup.accounts.AccountsBulkLoad.ContactRow;
import dev.recoup.accounts.AccountsBulkLoad.EntityRow;
import dev.recoup.accounts.Channel;
import dev.recoup.ledger.InvoiceStatus;
import dev.recoup.ledger.LedgerBulkLoad.ApplicationRow;
import dev.recoup.ledger.LedgerBulkLoad.CreditMemoRow;
import dev.recoup.ledger.LedgerBulkLoad.InvoiceRow;
import dev.recoup.ledger.LedgerBulkLoad.PaymentRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes a realistic two-year ledger of a global SaaS company into bulk-load batches,
 * deterministically from a seed: the same seed, tier and end date give the same rows. Each account
 * draws from its own random stream, so its history does not depend on the accounts before it.
 *
 * <p>What makes it realistic: five entities in five currencies; direct accounts, partners billed
 * for their end customers, parent/child hierarchies; monthly or annual subscriptions plus monthly
 * usage and occasional services invoices; per-account payment habits (prompt, normal, slow,
 * chronic, stopped paying) with AP payment-run weekdays; payments that cover several invoices,
 * partial payments, over-payments and unidentified receipts (unapplied cash), credit memos applied
 * or left as a credit balance, and a bad-debt tail of accounts that stopped paying.
 */
final class PortfolioGenerator {

  static final String SOURCE = "NETSUITE";

  record Entity(
      long id,
      String code,
      String name,
      String currency,
      String region,
      String zone,
      String country,
      BigDecimal perUsd,
      String language,
      String address) {}

  static final List<Entity> ENTITIES =
      List.of(
          new Entity(
              1,
              "US",
              "Recoup Software Inc.",
              "USD",
              "AMER",
              "America/New_York",
              "US",
              new BigDecimal("1"),
              "en",
              "500 Market Street, San Francisco, CA 94105, USA"),
          new Entity(
              2,
              "IE",
              "Recoup Software Ireland Ltd",
              "EUR",
              "EMEA",
              "Europe/Dublin",
              "IE",
              new BigDecimal("0.92"),
              "en",
              "1 Grand Canal Square, Dublin 2, Ireland"),
          new Entity(
              3,
              "UK",
              "Recoup Software UK Ltd",
              "GBP",
              "EMEA",
              "Europe/London",
              "GB",
              new BigDecimal("0.79"),
              "en",
              "30 St Mary Axe, London EC3A 8BF, United Kingdom"),
          new Entity(
              4,
              "IN",
              "Recoup Software India Pvt Ltd",
              "INR",
              "APJ",
              "Asia/Kolkata",
              "IN",
              new BigDecimal("83"),
              "en",
              "Prestige Tech Park, Bengaluru 560103, India"),
          new Entity(
              5,
              "JP",
              "Recoup Software KK",
              "JPY",
              "APJ",
              "Asia/Tokyo",
              "JP",
              new BigDecimal("150"),
              "ja",
              "1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan"));

  /** Share of accounts per entity, in percent (US, IE, UK, IN, JP). */
  private static final int[] ENTITY_SHARE = {50, 20, 10, 12, 8};

  private static final String[] NAME_A = {
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Dunder",
    "Aperture",
    "Oscorp",
    "Monarch",
    "Nakatomi",
    "Gekko",
    "Sterling",
    "Pendant",
    "Bluth",
    "Prestige",
    "Virtucon",
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Litware",
    "Adatum",
    "Proseware",
    "Lakeshore",
    "Silverline",
    "Redwood",
    "Bluepeak",
    "Ironclad",
    "Brightwater",
    "Evergreen",
    "Highland",
    "Keystone",
    "Summit"
  };
  private static final String[] NAME_B = {
    "Analytics",
    "Logistics",
    "Health",
    "Retail",
    "Foods",
    "Energy",
    "Labs",
    "Systems",
    "Media",
    "Bank",
    "Insurance",
    "Motors",
    "Travel",
    "Networks",
    "Pharma",
    "Robotics",
    "Capital",
    "Studios",
    "Mining",
    "Telecom",
    "Airlines",
    "Hotels",
    "Education",
    "Security",
    "Software",
    "Biotech",
    "Apparel",
    "Shipping",
    "Realty",
    "Games"
  };
  private static final Map<String, String[]> CITIES =
      Map.of(
          "US",
              new String[] {
                "Denver",
                "Austin",
                "Boston",
                "Chicago",
                "Seattle",
                "Atlanta",
                "Toronto",
                "Miami",
                "Phoenix",
                "New York"
              },
          "IE",
              new String[] {
                "Dublin",
                "Cork",
                "Paris",
                "Berlin",
                "Madrid",
                "Milan",
                "Amsterdam",
                "Munich",
                "Lisbon",
                "Brussels"
              },
          "UK",
              new String[] {
                "London",
                "Manchester",
                "Leeds",
                "Bristol",
                "Edinburgh",
                "Glasgow",
                "Cardiff",
                "Belfast",
                "Oxford",
                "Cambridge"
              },
          "IN",
              new String[] {
                "Mumbai",
                "Bengaluru",
                "Pune",
                "Delhi",
                "Chennai",
                "Hyderabad",
                "Singapore",
                "Sydney",
                "Kolkata",
                "Jakarta"
              },
          "JP",
              new String[] {
                "Tokyo",
                "Osaka",
                "Nagoya",
                "Fukuoka",
                "Sapporo",
                "Kobe",
                "Kyoto",
                "Yokohama",
                "Sendai",
                "Seoul"
              });
  private static final Map<String, String> LEGAL_FORM =
      Map.of("US", "Inc.", "IE", "GmbH", "UK", "Ltd", "IN", "Pvt Ltd", "JP", "K.K.");
  private static final String[] FIRST = {
    "Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn",
    "Priya", "Kenji", "Sofia", "Lukas", "Amelia", "Noah", "Yuki", "Rahul", "Chiara", "Sean"
  };
  private static final String[] LAST = {
    "Smith",
    "Garcia",
    "Chen",
    "Müller",
    "Rossi",
    "Tanaka",
    "Patel",
    "Murphy",
    "Dubois",
    "Novak",
    "Kowalski",
    "Silva",
    "Okafor",
    "Jensen",
    "Ito",
    "Sharma",
    "O'Brien",
    "Fischer",
    "Lopez",
    "Brown"
  };
  private static final String[] SEGMENTS = {"ENTERPRISE", "MID_MARKET", "SMB"};
  private static final DayOfWeek[] WEEKDAYS = {
    DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY
  };

  /** How an account pays: days beyond terms it usually takes, and whether it stopped paying. */
  enum Habit {
    PROMPT(-3, 5),
    NORMAL(0, 25),
    SLOW(15, 55),
    CHRONIC(45, 120),
    STOPPED(5, 30);

    final int minLate;
    final int maxLate;

    Habit(int minLate, int maxLate) {
      this.minLate = minLate;
      this.maxLate = maxLate;
    }
  }

  /** What the generator produced, for the load report. */
  record Summary(
      long accounts,
      long contacts,
      long invoices,
      long payments,
      long creditMemos,
      long applications) {}

  /** The ERP's ids of generated records: what files name and imports match on. */
  static String accountExternalId(long id) {
    return "CUST-" + (100000 + id);
  }

  static String invoiceExternalId(long id) {
    return "INV-" + id;
  }

  static String paymentExternalId(long id) {
    return "PMT-" + id;
  }

  static String creditMemoExternalId(long id) {
    return "CM-" + id;
  }

  static String contactExternalId(long n) {
    return "CON-" + n;
  }

  static String applicationExternalId(long n) {
    return "APP-" + n;
  }

  private final Tier tier;
  private final long seed;
  private final LocalDate today;
  private final LocalDate start;
  private final Map<String, List<Long>> ownersByRegion;

  private long invoiceId;
  private long paymentId;
  private long creditMemoId;
  private long contacts;
  private long applications;

  PortfolioGenerator(
      Tier tier, long seed, LocalDate today, Map<String, List<Long>> ownersByRegion) {
    this.tier = tier;
    this.seed = seed;
    this.today = today;
    this.start = today.withDayOfMonth(1).minusMonths(24);
    this.ownersByRegion = ownersByRegion;
  }

  /** Writes entities, holidays, accounts, contacts and the ledger into {@code out}. */
  Summary generate(PortfolioSink out) {
    entities(out);
    fxRates(out);
    int n = tier.accounts();
    long[] entityOf = new long[n + 1];
    long[] partnerOf = new long[n + 1];
    boolean[] isPartner = new boolean[n + 1];
    // Plan the account structure first (who is a partner, whose end customer, whose child) with a
    // stream of its own, so that it is the same whatever the accounts' histories draw.
    SplittableRandom plan = new SplittableRandom(seed);
    List<Long> partnersOpen = new ArrayList<>();
    Map<Long, List<Long>> endCustomers = new TreeMap<>();
    long[] parentOf = new long[n + 1];
    for (int id = 1; id <= n; id++) {
      entityOf[id] = pickEntity(plan);
      int roll = plan.nextInt(100);
      if (roll < 3) {
        isPartner[id] = true;
        partnersOpen.add((long) id);
      } else if (roll < 12 && !partnersOpen.isEmpty()) {
        long partner = partnersOpen.get(plan.nextInt(partnersOpen.size()));
        partnerOf[id] = partner;
        entityOf[id] = entityOf[(int) partner];
        endCustomers.computeIfAbsent(partner, k -> new ArrayList<>()).add((long) id);
      } else if (roll < 22 && id > 20) {
        long parent = 1 + plan.nextInt(id - 1);
        if (!isPartner[(int) parent]
            && partnerOf[(int) parent] == 0
            && parentOf[(int) parent] == 0) {
          parentOf[id] = parent;
          entityOf[id] = entityOf[(int) parent];
        }
      }
    }
    Map<String, Integer> dealt = new TreeMap<>();
    for (int id = 1; id <= n; id++) {
      Entity e = ENTITIES.get((int) entityOf[id] - 1);
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + id);
      List<Long> owners = ownersByRegion.getOrDefault(e.region(), List.of());
      Long owner = null;
      if (!owners.isEmpty()) {
        int k = dealt.merge(e.region(), 1, Integer::sum);
        owner = owners.get(k % owners.size());
      }
      account(
          out,
          r,
          id,
          e,
          owner,
          isPartner[id],
          partnerOf[id],
          parentOf[id],
          endCustomers.getOrDefault((long) id, List.of()));
    }
    return new Summary(n, contacts, invoiceId, paymentId, creditMemoId, applications);
  }

  private static long pickEntity(SplittableRandom r) {
    int roll = r.nextInt(100);
    int acc = 0;
    for (int i = 0; i < ENTITY_SHARE.length; i++) {
      acc += ENTITY_SHARE[i];
      if (roll < acc) {
        return i + 1;
      }
    }
    return 1;
  }

  private void entities(PortfolioSink a) {
    for (Entity e : ENTITIES) {
      a.entity(
          new EntityRow(
              e.id(),
              e.code(),
              e.name(),
              e.currency(),
              e.region(),
              e.zone(),
              e.country(),
              e.address()));
    }
    for (int year = start.getYear(); year <= today.getYear() + 1; year++) {
      for (Entity e : ENTITIES) {
        a.holiday(e.id(), LocalDate.of(year, 1, 1), "New Year's Day");
        switch (e.code()) {
          case "US" -> {
            a.holiday(e.id(), LocalDate.of(year, 7, 4), "Independence Day");
            a.holiday(e.id(), LocalDate.of(year, 12, 25), "Christmas Day");
          }
          case "IE", "UK" -> {
            a.holiday(e.id(), LocalDate.of(year, 12, 25), "Christmas Day");
            a.holiday(e.id(), LocalDate.of(year, 12, 26), "St Stephen's / Boxing Day");
          }
          case "IN" -> {
            a.holiday(e.id(), LocalDate.of(year, 1, 26), "Republic Day");
            a.holiday(e.id(), LocalDate.of(year, 8, 15), "Independence Day");
          }
          default -> {
            a.holiday(e.id(), LocalDate.of(year, 1, 2), "Bank Holiday");
            a.holiday(e.id(), LocalDate.of(year, 1, 3), "Bank Holiday");
          }
        }
      }
    }
  }

  /** Monthly rates to USD as a bounded random walk around a plausible level. */
  private void fxRates(PortfolioSink l) {
    SplittableRandom r = new SplittableRandom(seed ^ 0xF0F0L);
    for (Entity e : ENTITIES) {
      if (e.currency().equals("USD")) {
        continue;
      }
      BigDecimal level = BigDecimal.ONE.divide(e.perUsd(), 10, RoundingMode.HALF_EVEN);
      int walk = 0; // in tenths of a percent
      for (LocalDate d = start.minusMonths(1); !d.isAfter(today); d = d.plusMonths(1)) {
        walk = Math.max(-60, Math.min(60, walk + r.nextInt(-15, 16)));
        BigDecimal rate =
            level
                .multiply(BigDecimal.valueOf(1000 + walk))
                .divide(BigDecimal.valueOf(1000), 10, RoundingMode.HALF_EVEN);
        l.fxRate(e.currency(), d, rate);
      }
    }
  }

  private record Doc(
      long id,
      String number,
      String kind,
      long endCustomer,
      LocalDate issue,
      LocalDate due,
      BigDecimal amount,
      BigDecimal[] open,
      LocalDate[] closedOn,
      boolean[] paidByPayment) {}

  private record Settlement(LocalDate date, long invoiceId, BigDecimal amount) {}

  private void account(
      PortfolioSink out,
      SplittableRandom r,
      int id,
      Entity e,
      Long owner,
      boolean partner,
      long partnerOf,
      long parentOf,
      List<Long> endCustomers) {
    String city = pick(r, CITIES.get(e.code()));
    String name =
        pick(r, NAME_A)
            + " "
            + pick(r, NAME_B)
            + " "
            + LEGAL_FORM.get(e.code())
            + " ("
            + city
            + ")";
    if (partner) {
      name =
          pick(r, NAME_A)
              + " "
              + pick(
                  new String[] {
                    "Partners", "Resellers", "Distribution", "Channel Solutions", "IT Services"
                  },
                  r)
              + " "
              + LEGAL_FORM.get(e.code());
    }
    String segment = partner ? "MID_MARKET" : SEGMENTS[weighted(r, 10, 30, 60)];
    int terms =
        switch (segment) {
          case "ENTERPRISE" -> new int[] {30, 45, 60}[weighted(r, 30, 40, 30)];
          default -> new int[] {30, 45, 60}[weighted(r, 70, 20, 10)];
        };
    Habit habit = Habit.values()[weighted(r, 25, 35, 24, 12, 4)];
    Set<DayOfWeek> runDays = EnumSet.noneOf(DayOfWeek.class);
    if (r.nextInt(100) < 70) {
      runDays.add(WEEKDAYS[r.nextInt(5)]);
      if (r.nextInt(100) < 40) {
        runDays.add(WEEKDAYS[r.nextInt(5)]);
      }
    }
    AccountStatus status = AccountStatus.ACTIVE;
    if (habit == Habit.STOPPED) {
      status =
          new AccountStatus[] {
                AccountStatus.CREDIT_HOLD,
                AccountStatus.IN_LEGAL,
                AccountStatus.BANKRUPT,
                AccountStatus.ACTIVE
              }
              [r.nextInt(4)];
    }
    long usdMonthlyCents =
        switch (segment) {
          case "ENTERPRISE" -> r.nextLong(2_000_000L, 15_000_000L);
          case "MID_MARKET" -> r.nextLong(200_000L, 2_000_000L);
          default -> r.nextLong(10_000L, 200_000L);
        };
    BigDecimal creditLimit = money(usdMonthlyCents * 6, e).setScale(0, RoundingMode.HALF_UP);
    String risk =
        switch (habit) {
          case PROMPT, NORMAL -> "LOW";
          case SLOW -> "MEDIUM";
          default -> "HIGH";
        };
    String runDaysText =
        runDays.stream()
            .sorted()
            .map(d -> d.name().substring(0, 3))
            .collect(Collectors.joining(","));
    out.account(
        new AccountRow(
            id,
            SOURCE,
            accountExternalId(id),
            name,
            parentOf == 0 ? null : parentOf,
            partner || partnerOf != 0 ? Channel.PARTNER : Channel.DIRECT,
            partnerOf == 0 ? null : partnerOf,
            segment,
            e.region(),
            e.id(),
            e.currency(),
            terms,
            creditLimit,
            risk,
            owner,
            pick(r, FIRST) + " " + pick(r, LAST) + " (Sales)",
            status,
            e.language(),
            runDaysText));
    String domain =
        name.toLowerCase()
                .replaceAll("[^a-z]+", "")
                .substring(0, Math.min(12, name.toLowerCase().replaceAll("[^a-z]+", "").length()))
            + id
            + ".example";
    String[] roles = {"AP", "BILLING", "EXECUTIVE"};
    int nContacts = 1 + r.nextInt(3);
    for (int c = 0; c < nContacts; c++) {
      String first = pick(r, FIRST);
      String last = pick(r, LAST);
      long contact = ++contacts;
      out.contact(
          new ContactRow(
              id,
              first + " " + last,
              roles[c],
              (first + "." + last).toLowerCase().replaceAll("[^a-z.]", "") + "@" + domain,
              "+"
                  + (1 + r.nextInt(98))
                  + " "
                  + (100 + r.nextInt(900))
                  + " "
                  + (1000 + r.nextInt(9000)),
              e.zone(),
              SOURCE,
              contactExternalId(contact)));
    }
    if (partnerOf != 0) {
      return; // end customers are billed through their partner
    }
    ledger(out, r, id, e, partner, endCustomers, terms, habit, runDays, usdMonthlyCents, segment);
  }

  private void ledger(
      PortfolioSink l,
      SplittableRandom r,
      int account,
      Entity e,
      boolean partner,
      List<Long> endCustomers,
      int terms,
      Habit habit,
      Set<DayOfWeek> runDays,
      long usdMonthlyCents,
      String segment) {
    LocalDate firstMonth = r.nextInt(100) < 70 ? start : start.plusMonths(r.nextInt(1, 23));
    boolean annual = !partner && r.nextInt(100) < 25;
    boolean secondProduct = r.nextInt(100) < 50;
    LocalDate stoppedFrom = habit == Habit.STOPPED ? today.minusDays(r.nextInt(60, 300)) : null;
    String po = r.nextInt(100) < 40 ? "PO-" + (4500000 + r.nextInt(500000)) : null;
    String submitted =
        segment.equals("ENTERPRISE") && r.nextInt(100) < 60
            ? new String[] {"COUPA", "ARIBA"}[r.nextInt(2)]
            : "EMAIL";
    List<Doc> docs = new ArrayList<>();
    for (LocalDate month = firstMonth; !month.isAfter(today); month = month.plusMonths(1)) {
      if (partner) {
        for (long ec : endCustomers.isEmpty() ? List.of(0L) : endCustomers) {
          addDoc(
              docs,
              r,
              e,
              month,
              terms,
              usdMonthlyCents / 2 + r.nextLong(0, usdMonthlyCents / 4 + 1),
              ec,
              "SUBSCRIPTION");
        }
      } else if (!annual || month.getMonthValue() == firstMonth.getMonthValue()) {
        addDoc(
            docs,
            r,
            e,
            month,
            terms,
            annual ? usdMonthlyCents * 12 : usdMonthlyCents,
            0,
            "SUBSCRIPTION");
      }
      if (!annual && secondProduct) {
        addDoc(docs, r, e, month, terms, Math.max(1_000L, usdMonthlyCents / 3), 0, "SUBSCRIPTION");
      }
      if (r.nextInt(100) < (annual ? 60 : 90)) {
        addDoc(
            docs,
            r,
            e,
            month.plusDays(r.nextInt(1, 5)),
            terms,
            Math.max(1_000L, usdMonthlyCents / 10 + r.nextLong(0, usdMonthlyCents / 5 + 1)),
            0,
            "USAGE");
      }
      if (r.nextInt(100) < 40) {
        addDoc(
            docs,
            r,
            e,
            month.plusDays(r.nextInt(5, 25)),
            terms,
            Math.max(5_000L, usdMonthlyCents / 2 + r.nextLong(0, usdMonthlyCents + 1)),
            0,
            "SERVICES");
      }
    }
    // Credit memos: a small share of invoices get a credit shortly after they are issued.
    for (Doc d : docs) {
      if (r.nextInt(1000) < 25) {
        LocalDate on = d.issue().plusDays(r.nextInt(3, 20));
        if (on.isAfter(today)) {
          continue;
        }
        BigDecimal amount =
            r.nextInt(100) < 30 ? d.amount() : part(d.amount(), r.nextInt(10, 60), e);
        if (amount.signum() <= 0) {
          continue;
        }
        long memo =
            creditMemo(
                l,
                e,
                account,
                on,
                amount,
                BigDecimal.ZERO.setScale(amount.scale()),
                pick(
                    r,
                    new String[] {
                      "Pricing adjustment",
                      "Service credit (SLA)",
                      "Duplicate billing",
                      "Cancelled seats"
                    }));
        long app = ++applications;
        l.application(
            new ApplicationRow(
                d.id(), null, memo, e.currency(), amount, on, SOURCE, applicationExternalId(app)));
        d.open()[0] = d.open()[0].subtract(amount);
        if (d.open()[0].signum() == 0) {
          d.closedOn()[0] = on;
        }
      }
    }
    // An occasional credit balance: a credit memo nobody has applied or refunded yet.
    if (r.nextInt(1000) < 8) {
      BigDecimal amount = money(r.nextLong(5_000L, Math.max(5_001L, usdMonthlyCents)), e);
      creditMemo(
          l,
          e,
          account,
          today.minusDays(r.nextInt(5, 200)),
          amount,
          amount,
          "Overbilling refund due");
    }
    // Payments: each invoice is paid on the customer's next payment run after due + habit; the
    // invoices paid on the same day travel in one payment.
    TreeMap<LocalDate, List<Settlement>> byDay = new TreeMap<>();
    for (Doc d : docs) {
      if (d.open()[0].signum() == 0) {
        continue;
      }
      if (stoppedFrom != null && !d.due().isBefore(stoppedFrom)) {
        continue; // stopped paying: the bad-debt tail
      }
      int late = r.nextInt(habit.minLate, habit.maxLate + 1) + r.nextInt(-3, 6);
      LocalDate payOn = nextRun(d.due().plusDays(late), runDays);
      if (payOn.isBefore(d.issue())) {
        payOn = d.issue();
      }
      if (payOn.isAfter(today)) {
        continue;
      }
      BigDecimal open = d.open()[0];
      if (r.nextInt(100) < 4 && open.compareTo(BigDecimal.ONE) > 0) {
        BigDecimal first = part(open, r.nextInt(40, 90), e);
        if (first.signum() > 0 && first.compareTo(open) < 0) {
          byDay
              .computeIfAbsent(payOn, k -> new ArrayList<>())
              .add(new Settlement(payOn, d.id(), first));
          LocalDate rest = nextRun(payOn.plusDays(r.nextInt(20, 70)), runDays);
          if (!rest.isAfter(today) && r.nextInt(100) < 80) {
            byDay
                .computeIfAbsent(rest, k -> new ArrayList<>())
                .add(new Settlement(rest, d.id(), open.subtract(first)));
          }
          continue;
        }
      }
      byDay.computeIfAbsent(payOn, k -> new ArrayList<>()).add(new Settlement(payOn, d.id(), open));
    }
    Map<Long, Doc> docById = new TreeMap<>();
    docs.forEach(d -> docById.put(d.id(), d));
    for (var day : byDay.entrySet()) {
      long pid = ++paymentId;
      BigDecimal sum = BigDecimal.ZERO;
      StringBuilder remit = new StringBuilder();
      for (Settlement s : day.getValue()) {
        Doc d = docById.get(s.invoiceId());
        sum = sum.add(s.amount());
        remit.append(remit.isEmpty() ? "" : ", ").append(d.number());
        long app = ++applications;
        l.application(
            new ApplicationRow(
                d.id(),
                pid,
                null,
                e.currency(),
                s.amount(),
                s.date(),
                SOURCE,
                applicationExternalId(app)));
        d.open()[0] = d.open()[0].subtract(s.amount());
        d.paidByPayment()[0] = true;
        if (d.open()[0].signum() == 0) {
          d.closedOn()[0] = s.date();
        }
      }
      BigDecimal unapplied = BigDecimal.ZERO.setScale(sum.scale());
      if (r.nextInt(1000) < 12) {
        unapplied = part(sum, r.nextInt(1, 6), e); // over-payment: unapplied cash
      }
      String text =
          switch (r.nextInt(10)) {
            case 0 -> null;
            case 1 -> po == null ? "Payment" : po;
            default -> "Payment for " + remit;
          };
      l.payment(
          new PaymentRow(
              pid,
              SOURCE,
              paymentExternalId(pid),
              account,
              e.id(),
              e.currency(),
              day.getKey(),
              sum.add(unapplied),
              unapplied,
              pick(r, new String[] {"WIRE", "ACH", "ACH", "CHECK", "CARD"}),
              "REF-" + (1000000 + pid),
              text));
    }
    // A few receipts nobody could identify: fully unapplied cash.
    if (r.nextInt(1000) < 15) {
      long pid = ++paymentId;
      BigDecimal amount = money(r.nextLong(1_000L, Math.max(1_001L, usdMonthlyCents)), e);
      l.payment(
          new PaymentRow(
              pid,
              SOURCE,
              paymentExternalId(pid),
              account,
              e.id(),
              e.currency(),
              today.minusDays(r.nextInt(1, 90)),
              amount,
              amount,
              "ACH",
              "REF-" + (1000000 + pid),
              "ACH CREDIT " + (100000 + r.nextInt(900000))));
    }
    for (Doc d : docs) {
      BigDecimal open = d.open()[0];
      InvoiceStatus status = InvoiceStatus.fromAmounts(d.amount(), open, !d.paidByPayment()[0]);
      long ec = d.endCustomer();
      l.invoice(
          new InvoiceRow(
              d.id(),
              SOURCE,
              invoiceExternalId(d.id()),
              d.number(),
              account,
              ec == 0 ? null : ec,
              e.id(),
              e.currency(),
              d.issue(),
              d.due(),
              terms,
              po,
              "SUB-" + (200000 + account),
              d.kind(),
              d.amount(),
              d.amount()
                  .multiply(new BigDecimal("0.08"))
                  .setScale(d.amount().scale(), RoundingMode.HALF_EVEN),
              open,
              status,
              d.closedOn()[0],
              submitted));
    }
  }

  private long creditMemo(
      PortfolioSink l,
      Entity e,
      int account,
      LocalDate on,
      BigDecimal amount,
      BigDecimal open,
      String reason) {
    long memo = ++creditMemoId;
    l.creditMemo(
        new CreditMemoRow(
            memo,
            SOURCE,
            creditMemoExternalId(memo),
            "CM-" + e.code() + "-" + (100000 + memo),
            account,
            e.id(),
            e.currency(),
            on,
            amount,
            open,
            reason));
    return memo;
  }

  private void addDoc(
      List<Doc> docs,
      SplittableRandom r,
      Entity e,
      LocalDate issue,
      int terms,
      long usdCents,
      long endCustomer,
      String kind) {
    if (issue.isAfter(today)) {
      return;
    }
    long varied = Math.max(100L, usdCents + r.nextLong(-usdCents / 20, usdCents / 20 + 1));
    BigDecimal amount = money(varied, e);
    if (amount.signum() <= 0) {
      return;
    }
    long id = ++invoiceId;
    docs.add(
        new Doc(
            id,
            "INV-" + e.code() + "-" + (1000000 + id),
            kind,
            endCustomer,
            issue,
            issue.plusDays(terms),
            amount,
            new BigDecimal[] {amount},
            new LocalDate[1],
            new boolean[1]));
  }

  /** A USD amount in cents, expressed in the entity's currency at its scale. */
  private static BigDecimal money(long usdCents, Entity e) {
    int scale =
        Math.max(0, java.util.Currency.getInstance(e.currency()).getDefaultFractionDigits());
    return BigDecimal.valueOf(usdCents, 2)
        .multiply(e.perUsd())
        .setScale(scale, RoundingMode.HALF_EVEN);
  }

  /** {@code percent} of an amount, rounded down to the currency's scale. */
  private static BigDecimal part(BigDecimal amount, int percent, Entity e) {
    return amount
        .multiply(BigDecimal.valueOf(percent))
        .divide(BigDecimal.valueOf(100), amount.scale(), RoundingMode.DOWN);
  }

  private static LocalDate nextRun(LocalDate date, Set<DayOfWeek> runDays) {
    LocalDate d = date;
    while (d.getDayOfWeek() == DayOfWeek.SATURDAY
        || d.getDayOfWeek() == DayOfWeek.SUNDAY
        || (!runDays.isEmpty() && !runDays.contains(d.getDayOfWeek()))) {
      d = d.plusDays(1);
    }
    return d;
  }

  private static int weighted(SplittableRandom r, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int roll = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      roll -= weights[i];
      if (roll < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static String pick(SplittableRandom r, String[] values) {
    return values[r.nextInt(values.length)];
  }

  private static String pick(String[] values, SplittableRandom r) {
    return pick(r, values);
  }
}
