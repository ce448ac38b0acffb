package dev.recoup.web;

import dev.recoup.access.Access;
import dev.recoup.access.Actor;
import dev.recoup.access.Role;
import dev.recoup.ledger.Aging;
import dev.recoup.ledger.AgingReport;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Home: the portfolio's aging in the reporting currency, and the viewer's own top accounts. */
@Controller
class HomeController {

  private final Aging aging;
  private final AccountList accounts;
  private final Access access;
  private final JsonText json;

  HomeController(Aging aging, AccountList accounts, Access access, JsonText json) {
    this.json = json;
    this.aging = aging;
    this.accounts = accounts;
    this.access = access;
  }

  @GetMapping("/")
  String home(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
      Model model) {
    if (access.currentActor().map(a -> a.is(dev.recoup.access.Role.RESOLVER)).orElse(false)) {
      return "redirect:/disputes"; // billing, sales and support work their disputes, not accounts
    }
    LocalDate date = asOf == null ? aging.today() : asOf;
    AgingReport report = aging.portfolio(date);
    AgingReport.CurrencyAging rc = report.reporting();
    int over90From = aging.buckets().firstBucketBeyond(90);
    Money over90 = Money.zero(rc.currency());
    for (int i = over90From; i < rc.buckets().size(); i++) {
      over90 = over90.plus(rc.buckets().get(i));
    }
    model.addAttribute("report", report);
    model.addAttribute(
        "fxText",
        report.fxRates().stream()
            .filter(r -> !r.currency().equals(rc.currency()))
            .map(
                r ->
                    r.currency()
                        + " "
                        + r.rate().stripTrailingZeros().toPlainString()
                        + " ("
                        + r.rateDate()
                        + ")")
            .collect(java.util.stream.Collectors.joining(", ")));
    model.addAttribute("asOf", date);
    model.addAttribute("today", aging.today());
    model.addAttribute("over90", over90);
    model.addAttribute("current", rc.buckets().get(0));
    model.addAttribute(
        "chart",
        json.of(
            Map.of(
                "labels", report.buckets(),
                "currency", rc.currency(),
                "values", rc.buckets().stream().map(Money::plain).toList())));
    Actor me = access.currentActor().orElseThrow();
    boolean own = me.role() == Role.COLLECTOR;
    AccountList.Query top =
        new AccountList.Query(
            null,
            null,
            null,
            own ? me.id().value() : null,
            null,
            null,
            null,
            "pastDue",
            "desc",
            0,
            10);
    model.addAttribute("topAccounts", accounts.find(top).rows());
    model.addAttribute("topTitle", own ? "home.top.mine" : "home.top.all");
    model.addAttribute("balancesAsOf", aging.balancesAsOf().orElse(null));
    return "web/home";
  }
}
