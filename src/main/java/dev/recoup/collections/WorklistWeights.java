package dev.recoup.collections;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How much each factor counts in a worklist score (settings {@code recoup.worklist.weight.*}, whole
 * numbers; the score is the weighted mean of the factors, each 0-100).
 */
@Component
public class WorklistWeights {

  final int amount;
  final int overdue;
  final int habit;
  final int paymentRun;
  final int risk;
  final int untouched;
  final int followUp;

  WorklistWeights(
      @Value("${recoup.worklist.weight.amount:30}") int amount,
      @Value("${recoup.worklist.weight.overdue:20}") int overdue,
      @Value("${recoup.worklist.weight.habit:10}") int habit,
      @Value("${recoup.worklist.weight.payment-run:10}") int paymentRun,
      @Value("${recoup.worklist.weight.risk:10}") int risk,
      @Value("${recoup.worklist.weight.untouched:10}") int untouched,
      @Value("${recoup.worklist.weight.follow-up:10}") int followUp) {
    this.amount = amount;
    this.overdue = overdue;
    this.habit = habit;
    this.paymentRun = paymentRun;
    this.risk = risk;
    this.untouched = untouched;
    this.followUp = followUp;
    if (total() <= 0) {
      throw new IllegalArgumentException("recoup.worklist.weight.* must add up to more than 0");
    }
  }

  int total() {
    return amount + overdue + habit + paymentRun + risk + untouched + followUp;
  }
}
