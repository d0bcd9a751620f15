package dev.devd.render;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * Writes objects as multi-document YAML, each document starting with {@code ---}, keys in the order
 * they were parsed, so the same objects always give the same text (for {@code podman kube play} and
 * golden files). Strings that a YAML 1.1 reader such as kubectl's would take for a number, boolean
 * or null are quoted.
 */
public final class YamlWriter {
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder()
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
          .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
          .enable(YAMLWriteFeature.ALLOW_LONG_KEYS)
          .disable(YAMLWriteFeature.SPLIT_LINES)
          .stringQuotingChecker(new Yaml11QuotingChecker())
          .build();

  /** The objects as YAML text; empty text for no objects. */
  public String write(List<K8sObject> objects) {
    // The generator cannot close a stream without a document.
    if (objects.isEmpty()) return "";
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
      for (K8sObject object : objects) writeValue(generator, object.body());
    }
    return out.toString();
  }

  private static void writeValue(JsonGenerator generator, Object value) {
    switch (value) {
      case null -> generator.writeNull();
      case Map<?, ?> map -> {
        generator.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          generator.writeName(String.valueOf(entry.getKey()));
          writeValue(generator, entry.getValue());
        }
        generator.writeEndObject();
      }
      case List<?> list -> {
        generator.writeStartArray();
        for (Object item : list) writeValue(generator, item);
        generator.writeEndArray();
      }
      case String text -> generator.writeString(text);
      case Boolean bool -> generator.writeBoolean(bool);
      case Integer number -> generator.writeNumber(number);
      case Long number -> generator.writeNumber(number);
      case BigInteger number -> generator.writeNumber(number);
      case Double number -> generator.writeNumber(number);
      case Float number -> generator.writeNumber(number);
      case BigDecimal number -> generator.writeNumber(number);
      default -> generator.writeString(String.valueOf(value));
    }
  }

  /**
   * Jackson's checker quotes the YAML 1.1 words (yes, on, null, ...) but writes number-like strings
   * such as {@code "0644"} or {@code "1.10"} plain, which every reader then takes for a number.
   * This one also quotes what YAML 1.1 or 1.2 would read as a number (decimal, octal, hex, binary,
   * with {@code _}, sexagesimal {@code 1:30}, infinity and not-a-number) or as a timestamp.
   */
  static final class Yaml11QuotingChecker extends StringQuotingChecker.Default {
    private static final Pattern NUMBER_LIKE =
        Pattern.compile(
            String.join(
                "|",
                "[-+]?[0-9][0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?",
                "[-+]?\\.[0-9][0-9_]*([eE][-+]?[0-9]+)?",
                "[-+]?0[xX][0-9a-fA-F_]+",
                "[-+]?0[oO][0-7_]+",
                "[-+]?0[bB][01_]+",
                "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?",
                "[-+]?\\.(inf|Inf|INF)",
                "\\.(nan|NaN|NAN)",
                "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"),
            Pattern.DOTALL);

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
    }

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name) || NUMBER_LIKE.matcher(name).matches();
    }
  }
}
