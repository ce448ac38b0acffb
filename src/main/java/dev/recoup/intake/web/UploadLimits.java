package dev.recoup.intake.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * An upload above the size limit is refused before any controller sees it: the imports and
 * reconciliation pages say so on the page the person came from; elsewhere the answer is 413.
 */
@ControllerAdvice
class UploadLimits {

  private final String limit;

  UploadLimits(@Value("${spring.servlet.multipart.max-file-size:1MB}") String limit) {
    this.limit = limit;
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ModelAndView tooLarge(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String back =
        path.startsWith("/imports/")
            ? "/imports"
            : path.startsWith("/reconciliation/") ? "/reconciliation" : null;
    String message =
        "file: larger than the "
            + limit
            + " an upload may have; split the file, or import it with the command line"
            + " (java -jar recoup.jar import ...)";
    if (back == null) {
      response.sendError(413, message);
      return new ModelAndView();
    }
    RequestContextUtils.getOutputFlashMap(request).put("error", message);
    return new ModelAndView("redirect:" + back);
  }
}
