package dev.recoup.shared;

/**
 * A command-line command ({@code java -jar recoup.jar NAME ...}) that runs without the web server,
 * such as {@code generate}. Modules contribute commands as beans; the launcher picks one by name.
 */
public interface RecoupCommand {

  String name();

  /** One line for {@code --help}. */
  String usage();

  /** Runs the command; returns the process exit code. */
  int run(String... args) throws Exception;
}
