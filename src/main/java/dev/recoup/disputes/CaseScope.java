package dev.recoup.disputes;

/**
 * Which cases a queue shows, within what the viewer may see at all: MINE are assigned to the
 * viewer; TEAM adds the cases on the accounts the viewer owns and, for a lead, those of its
 * collectors; ALL is everything the viewer may see (a resolver only ever sees its own).
 */
public enum CaseScope {
  MINE,
  TEAM,
  ALL
}
