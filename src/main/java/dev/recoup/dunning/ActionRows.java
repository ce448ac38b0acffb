package dev.recoup.dunning;

import dev.recoup.ledger.InvoiceId;
import dev.recoup.shared.Money;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads issued actions with the invoices they are about, as letter items. */
@Component
class ActionRows {

  /** An action with its invoice, before the entity's rule is applied to it. */
  record Row(
      long actionId,
      StepAction action,
      StepChannel channel,
      String status,
      int daysFromDue,
      boolean pulledForward,
      String template,
      InvoiceId invoiceId,
      String number,
      LocalDate issueDate,
      LocalDate dueDate,
      Money amount,
      Money collectibleNow,
      Money frozen,
      String endCustomer) {

    /** The item as of a date, claiming what is collectible now or what was frozen at approval. */
    LetterItem item(LocalDate asOf, EntityRule rule, boolean useFrozen) {
      Money claimed = useFrozen ? frozen : collectibleNow;
      long dpd = ChronoUnit.DAYS.between(dueDate, asOf);
      return new LetterItem(
          invoiceId,
          number,
          issueDate,
          dueDate,
          dpd,
          amount,
          claimed,
          action,
          pulledForward,
          endCustomer,
          rule.lateFee(claimed, dpd),
          rule.interest(claimed, dpd));
    }
  }

  private static final String SELECT =
      """
      select x.id as action_id, x.action, x.channel, x.status, x.days_from_due, x.pulled_forward,
             x.amount as frozen, x.currency as action_currency, st.template,
             i.id as invoice_id, i.number, i.issue_date, i.due_date, i.currency, i.amount,
             i.open_amount - least(i.disputed_amount, i.open_amount) as collectible,
             ec.name as end_customer
      from dunning_action x
      join invoice i on i.id = x.invoice_id
      join dunning_step st on st.id = x.step_id
      left join customer_account ec on ec.id = i.end_customer_id
      """;

  private final JdbcClient jdbc;

  ActionRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<Row> ofRun(long runId, long accountId) {
    return query(
        "where x.run_id = :run and x.account_id = :account",
        Map.of("run", runId, "account", accountId));
  }

  List<Row> ofApproval(long approvalId) {
    return query("where x.approval_id = :approval", Map.of("approval", approvalId));
  }

  List<Row> ofLetter(long letterId) {
    return query("where x.letter_id = :letter", Map.of("letter", letterId));
  }

  private List<Row> query(String where, Map<String, Object> params) {
    return jdbc.sql(SELECT + where + " order by i.due_date, i.id")
        .params(params)
        .query(
            (rs, n) -> {
              String c = rs.getString("currency").trim();
              return new Row(
                  rs.getLong("action_id"),
                  StepAction.valueOf(rs.getString("action")),
                  StepChannel.valueOf(rs.getString("channel")),
                  rs.getString("status"),
                  rs.getInt("days_from_due"),
                  rs.getBoolean("pulled_forward"),
                  rs.getString("template"),
                  new InvoiceId(rs.getLong("invoice_id")),
                  rs.getString("number"),
                  rs.getObject("issue_date", LocalDate.class),
                  rs.getObject("due_date", LocalDate.class),
                  Money.ofStored(rs.getBigDecimal("amount"), c),
                  Money.ofStored(rs.getBigDecimal("collectible"), c),
                  Money.ofStored(
                      rs.getBigDecimal("frozen"), rs.getString("action_currency").trim()),
                  rs.getString("end_customer"));
            })
        .list();
  }
}
