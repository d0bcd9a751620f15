package dev.devd.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.LoadSettingsBuilder;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;
import org.snakeyaml.engine.v2.schema.JsonSchema;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLSchema;

/**
 * Makes the YAML parsers devd reads devd.yaml, presets and Kubernetes YAML with: anchors, aliases
 * and merge keys expanded, and limits that keep a hostile file from taking devd's memory or time.
 * The limits are the parser's own (documents of at most 3 MB, 500 levels of nesting, 9999 values
 * per expanded alias); {@link YamlSyntaxError} words them for users. Only streaming factories are
 * made: no ObjectMapper, which keeps devd's start-up short.
 */
public final class YamlParserFactory {
  /**
   * The longest document devd reads, in characters: the parser's default, and more than Kubernetes
   * takes per object (etcd stores at most 1.5 MB by default).
   */
  public static final int MAX_DOCUMENT_CHARS = 3 * 1024 * 1024;

  // The parser keeps the characters it has read but not yet consumed in an array that it copies
  // whole at every read
  // of its buffer; a token as long as a 10 MB comment line then cost 26 s in 1024-character reads
  // (snakeyaml-engine
  // 3.0's StreamReader.prepareWindowFor). Reading a file of up to this size in one go copies
  // nothing; larger files are
  // read in pieces this big, so a long token costs a few copies.
  private static final int MAX_BUFFER_CHARS = 1024 * 1024;

  private YamlParserFactory() {}

  /**
   * A factory for parsing {@code text}, with the parser's default schema (YAML 1.2 JSON schema).
   */
  public static YAMLFactory forText(String text) {
    return forText(text, null);
  }

  /**
   * A factory for parsing {@code text} with {@code schema} ({@code null}: the parser's default).
   */
  public static YAMLFactory forText(String text, YAMLSchema schema) {
    LoadSettingsBuilder settings =
        LoadSettings.builder()
            .setCodePointLimit(MAX_DOCUMENT_CHARS)
            .setBufferSize(Math.min(text.length() + 1, MAX_BUFFER_CHARS))
            // Settings of our own replace Jackson's, which let duplicate keys through: devd's
            // readers report them with
            // both places, where the parser would stop at the first.
            .setAllowDuplicateKeys(true);
    // As Jackson sets the schema when it makes the settings itself.
    if (schema == YAMLSchema.FAILSAFE) settings.setSchema(new FailsafeSchema());
    if (schema == YAMLSchema.JSON) settings.setSchema(new JsonSchema());
    if (schema == YAMLSchema.CORE) settings.setSchema(new CoreSchema());
    return YAMLAnchorReplayingFactory.builder()
        .loadSettings(settings.build())
        .yamlSchema(schema)
        .build();
  }
}
