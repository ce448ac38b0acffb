/**
 * Shared kernel: {@link dev.recoup.shared.Money}, {@link dev.recoup.shared.BusinessCalendar}, the
 * one injectable {@link java.time.Clock}, and the small helpers every module needs (bulk COPY
 * writer, command-line commands). Kept tiny on purpose: anything with a business decision lives in
 * a module.
 */
@org.springframework.modulith.ApplicationModule(
    type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.recoup.shared;
