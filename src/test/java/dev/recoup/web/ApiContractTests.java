package dev.recoup.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recoup.support.RecoupTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an API client relies on: documented paths, amounts as exact strings with a currency. */
@RecoupTest
class ApiContractTests {

  @LocalServerPort int port;
  final JsonMapper json = JsonMapper.builder().build();

  JsonNode get(String path, String user) throws Exception {
    String pw = user.equals("admin") ? RecoupTest.ADMIN_PASSWORD : RecoupTest.DEMO_PASSWORD;
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  @Test
  void everyApiPathIsDescribedInTheOpenApiDocument() throws Exception {
    JsonNode paths = get("/v3/api-docs", "maria").get("paths");
    assertThat(paths.propertyNames())
        .contains(
            "/api/v1/accounts",
            "/api/v1/accounts/{id}",
            "/api/v1/accounts/{id}/invoices",
            "/api/v1/aging",
            "/api/v1/users",
            "/api/v1/audit/verify");
  }

  @Test
  void agingAnswersBucketsPerCurrencyAndInTheReportingCurrencyAsExactStrings() throws Exception {
    JsonNode aging = get("/api/v1/aging?asOf=" + RecoupTest.TODAY, "carlos");
    assertThat(aging.get("asOf").asString()).isEqualTo(RecoupTest.TODAY);
    assertThat(aging.get("buckets")).hasSize(6);
    JsonNode total = aging.get("reporting").get("total");
    assertThat(total.get("currency").asString()).isEqualTo("USD");
    assertThat(total.get("amount").isString()).isTrue();
    assertThat(total.get("amount").asString()).matches("\\d+\\.\\d{2}");
    JsonNode jpy = null;
    for (JsonNode c : aging.get("byCurrency")) {
      if (c.get("currency").asString().equals("JPY")) {
        jpy = c;
      }
    }
    assertThat(jpy).isNotNull();
    assertThat(jpy.get("total").get("amount").asString()).matches("\\d+"); // yen have no decimals
  }

  @Test
  void accountsAreSearchableFilterableAndPaged() throws Exception {
    JsonNode page =
        get("/api/v1/accounts?region=EMEA&channel=PARTNER&sort=name&dir=asc&size=5", "maria");
    assertThat(page.get("items")).hasSizeLessThanOrEqualTo(5);
    assertThat(page.get("total").asLong()).isPositive();
    for (JsonNode a : page.get("items")) {
      assertThat(a.get("region").asString()).isEqualTo("EMEA");
      assertThat(a.get("channel").asString()).isEqualTo("PARTNER");
    }
    long id = page.get("items").get(0).get("id").asLong();
    JsonNode invoices = get("/api/v1/accounts/" + id + "/invoices?status=open", "maria");
    for (JsonNode i : invoices) {
      assertThat(i.get("open").get("amount").asString())
          .doesNotStartWith("0.00")
          .doesNotStartWith("-");
    }
    JsonNode detail = get("/api/v1/accounts/" + id, "maria");
    assertThat(detail.get("account").get("channel").asString()).isEqualTo("PARTNER");
  }
}
