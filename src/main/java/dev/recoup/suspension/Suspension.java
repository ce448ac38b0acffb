package dev.recoup.suspension;

import dev.recoup.accounts.AccountId;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A suspension of a customer's service for non-payment: of the whole account, or of one contract
 * (subscription) when {@code contractRef} is set. A child ({@code parentId} set) is an end customer
 * of a partner whose suspension was approved with cascade: it follows its parent.
 */
public record Suspension(
    long id,
    AccountId accountId,
    String accountName,
    String accountExternalId,
    String contractRef,
    Long parentId,
    SuspensionStatus status,
    Origin origin,
    String reason,
    String evidence,
    LocalDate suspendOn,
    LocalDate noticeOn,
    boolean cascadeToEndCustomers,
    String requestedBy,
    Instant requestedAt,
    String decidedBy,
    Instant decidedAt,
    String decisionNote,
    Long noticeMessageId,
    Instant noticeSentAt,
    Instant suspendedAt,
    Instant endedAt,
    String endReason) {

  /** Who asked: a person (page or API), the dunning engine, or a partner's cascade. */
  public enum Origin {
    PERSON,
    DUNNING,
    CASCADE
  }

  public boolean isOpen() {
    return status.isOpen();
  }

  public boolean isCascaded() {
    return parentId != null;
  }

  /** "whole account" or "contract SUB-200123". */
  public String scope() {
    return contractRef == null ? "whole account" : "contract " + contractRef;
  }
}
