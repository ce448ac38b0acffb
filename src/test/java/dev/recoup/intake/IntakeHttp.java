package dev.recoup.intake;

import dev.recoup.support.RecoupTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The imports API as a client calls it: HTTP Basic as a lead, multipart uploads, JSON. */
final class IntakeHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final int port;
  private final String username;
  private final HttpClient client = HttpClient.newHttpClient();

  IntakeHttp(int port, String username) {
    this.port = port;
    this.username = username;
  }

  record Response(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** POST /api/v1/imports with the file as multipart {@code file} and the query parameters. */
  Response upload(Map<String, String> query, String fileName, byte[] file) throws Exception {
    String boundary = "----recoup" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(file);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    StringBuilder q = new StringBuilder();
    query.forEach(
        (k, v) ->
            q.append(q.isEmpty() ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest request =
        authorized(HttpRequest.newBuilder(uri("/api/v1/imports" + q)))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    return send(request);
  }

  Response get(String path) throws Exception {
    return send(authorized(HttpRequest.newBuilder(uri(path))).GET().build());
  }

  Response put(String path, String json, String idempotencyKey) throws Exception {
    HttpRequest.Builder b =
        authorized(HttpRequest.newBuilder(uri(path)))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return send(b.build());
  }

  private Response send(HttpRequest request) throws Exception {
    HttpResponse<String> r =
        client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(r.statusCode(), r.body(), r.headers());
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    String pw = username.equals("admin") ? RecoupTest.ADMIN_PASSWORD : RecoupTest.DEMO_PASSWORD;
    return b.header(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + pw).getBytes(StandardCharsets.UTF_8)));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
