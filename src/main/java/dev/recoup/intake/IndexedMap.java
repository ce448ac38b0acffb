package dev.recoup.intake;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable map over an array of values whose keys and key index are shared by every row of a
 * file: one row's values or raw cells without hashing each row. A null value is an absent key;
 * iteration follows the key order.
 */
final class IndexedMap extends AbstractMap<String, String> {

  private final String[] keys;
  private final Map<String, Integer> index;
  private final String[] values;
  private final int size;

  IndexedMap(String[] keys, Map<String, Integer> index, String[] values) {
    this.keys = keys;
    this.index = index;
    this.values = values;
    int n = 0;
    for (String v : values) {
      if (v != null) {
        n++;
      }
    }
    this.size = n;
  }

  @Override
  public String get(Object key) {
    Integer at = index.get(key);
    return at == null || at >= values.length ? null : values[at];
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < values.length && values[i] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, String> next() {
            if (next >= values.length) {
              throw new NoSuchElementException();
            }
            Entry<String, String> e = new SimpleImmutableEntry<>(keys[next], values[next]);
            next = advance(next + 1);
            return e;
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
