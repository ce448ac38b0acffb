/**
 * Audit: the append-only, hash-chained trail of every state change (invariant I5). Every module
 * writes through {@link dev.recoup.audit.AuditTrail#record} inside its own transaction, so a change
 * and its audit row commit or fail together. The database refuses UPDATE, DELETE and TRUNCATE on
 * the trail; {@link dev.recoup.audit.AuditTrail#verify()} recomputes the chain.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared"})
package dev.recoup.audit;
