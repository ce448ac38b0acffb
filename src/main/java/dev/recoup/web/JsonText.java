package dev.recoup.web;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for a page's data block ({@code <script type="application/json">}), with {@code <}, {@code
 * >} and {@code &} escaped so that no value can close the block or inject markup.
 */
@Component("jsonText")
public class JsonText {

  private final JsonMapper json = JsonMapper.builder().build();

  public String of(Object value) {
    return json.writeValueAsString(value)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026");
  }
}
