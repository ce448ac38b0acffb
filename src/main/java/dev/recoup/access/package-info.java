/**
 * Access: users and their roles, API tokens for systems, sign-in, and portfolio scoping (who may
 * see and change what). Deny by default: a request no rule allows is refused. A collector changes
 * only the accounts it owns; an auditor reads everything and changes nothing. Other modules ask
 * {@link dev.recoup.access.Access} before a change; they never look at roles themselves.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "audit"})
package dev.recoup.access;
