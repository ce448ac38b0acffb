package dev.recoup.access;

import org.springframework.context.ApplicationContext;

/**
 * What a part of the authorization matrix gets to set itself up: the application's beans, a demo
 * account of carlos (the collector caller) and one of emma (another collector's). A part's set-up
 * runs signed in as liam (a lead).
 */
record MatrixFixture(ApplicationContext context, long ownAccount, long othersAccount) {

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }
}
