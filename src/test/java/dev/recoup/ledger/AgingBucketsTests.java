package dev.recoup.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgingBucketsTests {

  final AgingBuckets standard = new AgingBuckets("30,60,90,120");

  @Test
  void namesTheStandardBuckets() {
    assertThat(standard.labels())
        .containsExactly("Current", "1-30", "31-60", "61-90", "91-120", "120+");
  }

  @Test
  void placesItemsByDaysPastDue() {
    assertThat(standard.bucketOf(-5)).isZero();
    assertThat(standard.bucketOf(0)).isZero(); // due today is not yet late
    assertThat(standard.bucketOf(1)).isEqualTo(1);
    assertThat(standard.bucketOf(30)).isEqualTo(1);
    assertThat(standard.bucketOf(31)).isEqualTo(2);
    assertThat(standard.bucketOf(120)).isEqualTo(4);
    assertThat(standard.bucketOf(121)).isEqualTo(5);
  }

  @Test
  void bucketsAreConfigurable() {
    AgingBuckets weekly = new AgingBuckets("7,14,28");
    assertThat(weekly.labels()).containsExactly("Current", "1-7", "8-14", "15-28", "28+");
    assertThat(weekly.bucketOf(10)).isEqualTo(2);
    assertThat(weekly.firstBucketBeyond(14)).isEqualTo(3);
    assertThatThrownBy(() -> new AgingBuckets("60,30"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void over90StartsAfterTheBucketEndingAt90() {
    assertThat(standard.firstBucketBeyond(90)).isEqualTo(4);
  }
}
