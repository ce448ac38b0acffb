package dev.recoup.accounts;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The fields of an account a collections team maintains in Recoup (the ERP owns the rest). A null
 * field is left unchanged. Changing the owner is a lead's, manager's or admin's decision.
 */
public record AccountChange(
    Boolean doNotContact,
    Boolean legalHold,
    @Pattern(
            regexp = "en|de|fr|es|it|nl|pt|ja|hi",
            message = "one of en, de, fr, es, it, nl, pt, ja, hi")
        String language,
    @Pattern(
            regexp = "^$|^(MON|TUE|WED|THU|FRI|SAT|SUN)(,(MON|TUE|WED|THU|FRI|SAT|SUN))*$",
            message = "weekdays like MON,THU")
        String paymentRunDays,
    @Size(max = 4000) String notes,
    AccountStatus status,
    String ownerUsername,
    @Size(max = 200) String salesOwner) {}
