package dev.recoup.intake.web;

import dev.recoup.intake.ImportKind;
import dev.recoup.shared.NoSuchRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Files uploaded on the imports page, kept in a directory of their own between the upload and the
 * run (the mapping step reads the first rows; the import job reads the whole file later, so a file
 * stays until it is a day old). Each upload is under a random token and belongs to the person who
 * uploaded it. Only CSV, text and Excel (.xlsx) files are taken.
 */
@Component
class Uploads {

  static final Set<String> EXTENSIONS = Set.of("csv", "txt", "xlsx");
  private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
  private static final Duration KEEP = Duration.ofDays(1);

  /** An uploaded file waiting for its mapping and run. */
  record Upload(
      String token,
      ImportKind kind,
      String mappingChoice,
      String fileName,
      Path file,
      long size,
      String uploadedBy) {}

  private final Path root;

  Uploads(@Value("${recoup.intake.upload-dir:}") String dir) {
    this.root =
        dir == null || dir.isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), "recoup-uploads")
            : Path.of(dir);
  }

  /** Keeps the file; refuses what is not a non-empty .csv, .txt or .xlsx file. */
  Upload save(MultipartFile file, ImportKind kind, String mappingChoice, String uploadedBy) {
    String name = checked(file);
    String token = UUID.randomUUID().toString();
    try {
      Files.createDirectories(root);
      Path dir = Files.createDirectory(root.resolve(token));
      removeOlderThan(Files.getLastModifiedTime(dir).toInstant().minus(KEEP));
      Path target = dir.resolve("file." + extension(name));
      try (InputStream in = file.getInputStream()) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      Properties p = new Properties();
      p.setProperty("kind", kind.name());
      p.setProperty("mapping", mappingChoice == null ? "" : mappingChoice);
      p.setProperty("fileName", name);
      p.setProperty("uploadedBy", uploadedBy);
      try (OutputStream out = Files.newOutputStream(dir.resolve("upload.properties"))) {
        p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), null);
      }
      return new Upload(token, kind, mappingChoice, name, target, Files.size(target), uploadedBy);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not keep the upload", e);
    }
  }

  /** The upload {@code token} of {@code user}; {@link NoSuchRecord} when there is none. */
  Upload find(String token, String user) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new NoSuchRecord("No upload " + token);
    }
    Path dir = root.resolve(token);
    Path meta = dir.resolve("upload.properties");
    if (!Files.isRegularFile(meta)) {
      throw new NoSuchRecord("No upload " + token);
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
      p.load(in);
      if (!p.getProperty("uploadedBy", "").equals(user)) {
        throw new NoSuchRecord("No upload " + token);
      }
      String name = p.getProperty("fileName");
      Path file = dir.resolve("file." + extension(name));
      if (!Files.isRegularFile(file)) {
        throw new NoSuchRecord("No upload " + token);
      }
      return new Upload(
          token,
          ImportKind.valueOf(p.getProperty("kind")),
          p.getProperty("mapping", ""),
          name,
          file,
          Files.size(file),
          user);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The file's name as the person named it (without any folder), checked: present, not empty, and a
   * .csv, .txt or .xlsx file.
   */
  static String checked(MultipartFile file) {
    if (file == null
        || file.getOriginalFilename() == null
        || file.getOriginalFilename().isBlank()) {
      throw new IllegalArgumentException("file: choose a file to upload");
    }
    String name = baseName(file.getOriginalFilename());
    String ext = extension(name);
    if (!EXTENSIONS.contains(ext)) {
      throw new IllegalArgumentException(
          "file: "
              + name
              + " is not a CSV, text or Excel (.xlsx) file; export the ERP's list as .csv or"
              + " .xlsx"
              + (ext.equals("xls") ? " (older .xls workbooks: save as .xlsx first)" : ""));
    }
    if (file.isEmpty()) {
      throw new IllegalArgumentException("file: " + name + " is empty");
    }
    return name;
  }

  static String baseName(String original) {
    String n = original.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
    if (n.length() > 200) {
      n = n.substring(n.length() - 200);
    }
    return n.isEmpty() ? "upload" : n;
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Uploads older than a day are dropped when a new one comes in. Ages are the file system's (the
   * new upload's folder gives its "now"), not the business clock's.
   */
  private void removeOlderThan(Instant cutoff) throws IOException {
    try (var dirs = Files.list(root)) {
      for (Path dir : dirs.toList()) {
        if (!TOKEN.matcher(dir.getFileName().toString()).matches()
            || !Files.isDirectory(dir)
            || Files.getLastModifiedTime(dir).toInstant().isAfter(cutoff)) {
          continue;
        }
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
        }
        Files.deleteIfExists(dir);
      }
    }
  }
}
