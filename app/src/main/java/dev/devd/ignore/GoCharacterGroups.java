package dev.devd.ignore;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named character groups of Go's regexp syntax as code point sets: Perl classes ({@code \d \s \w}, ASCII-only in
 * Go, unlike Java's and Python's), POSIX classes ({@code [:alpha:]}) and Unicode groups ({@code \pL},
 * {@code \p{Greek}}).
 *
 * <p>Unicode groups follow Go 1.19, the version the conformance corpus was checked with: the exact names {@code Any},
 * the general categories Go knows (no {@code Cn}, so {@code C} is Cc, Cf, Co and Cs) and the script names. Their code
 * points come from the JDK's Unicode tables, which may be a newer Unicode version than the Go that built Docker; they
 * differ only for characters assigned in between.
 */
final class GoCharacterGroups {
  private GoCharacterGroups() {}

  private static final RuneRanges DIGIT = RuneRanges.of('0', '9');
  private static final RuneRanges WORD = RuneRanges.of('0', '9', 'A', 'Z', 'a', 'z', '_', '_');
  // Go's \s is [\t\n\f\r ]: no vertical tab.
  private static final RuneRanges PERL_SPACE = RuneRanges.of('\t', '\n', '\f', '\r', ' ', ' ');

  private static final Map<String, RuneRanges> POSIX = Map.ofEntries(
      Map.entry("alnum", RuneRanges.of('0', '9', 'A', 'Z', 'a', 'z')),
      Map.entry("alpha", RuneRanges.of('A', 'Z', 'a', 'z')),
      Map.entry("ascii", RuneRanges.of(0, 0x7F)),
      Map.entry("blank", RuneRanges.of('\t', '\t', ' ', ' ')),
      Map.entry("cntrl", RuneRanges.of(0, 0x1F, 0x7F, 0x7F)),
      Map.entry("digit", DIGIT),
      Map.entry("graph", RuneRanges.of(0x21, 0x7E)),
      Map.entry("lower", RuneRanges.of('a', 'z')),
      Map.entry("print", RuneRanges.of(0x20, 0x7E)),
      Map.entry("punct", RuneRanges.of(0x21, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x7E)),
      Map.entry("space", RuneRanges.of('\t', '\r', ' ', ' ')),
      Map.entry("upper", RuneRanges.of('A', 'Z')),
      Map.entry("word", WORD),
      Map.entry("xdigit", RuneRanges.of('0', '9', 'A', 'F', 'a', 'f')));

  private static final String[] CATEGORY_OF_TYPE = new String[32];
  private static final Map<String, Character.UnicodeScript> SCRIPTS = new HashMap<>();
  private static final Map<String, RuneRanges> UNICODE_CACHE = new ConcurrentHashMap<>();

  static {
    CATEGORY_OF_TYPE[Character.UPPERCASE_LETTER] = "Lu";
    CATEGORY_OF_TYPE[Character.LOWERCASE_LETTER] = "Ll";
    CATEGORY_OF_TYPE[Character.TITLECASE_LETTER] = "Lt";
    CATEGORY_OF_TYPE[Character.MODIFIER_LETTER] = "Lm";
    CATEGORY_OF_TYPE[Character.OTHER_LETTER] = "Lo";
    CATEGORY_OF_TYPE[Character.NON_SPACING_MARK] = "Mn";
    CATEGORY_OF_TYPE[Character.ENCLOSING_MARK] = "Me";
    CATEGORY_OF_TYPE[Character.COMBINING_SPACING_MARK] = "Mc";
    CATEGORY_OF_TYPE[Character.DECIMAL_DIGIT_NUMBER] = "Nd";
    CATEGORY_OF_TYPE[Character.LETTER_NUMBER] = "Nl";
    CATEGORY_OF_TYPE[Character.OTHER_NUMBER] = "No";
    CATEGORY_OF_TYPE[Character.SPACE_SEPARATOR] = "Zs";
    CATEGORY_OF_TYPE[Character.LINE_SEPARATOR] = "Zl";
    CATEGORY_OF_TYPE[Character.PARAGRAPH_SEPARATOR] = "Zp";
    CATEGORY_OF_TYPE[Character.CONTROL] = "Cc";
    CATEGORY_OF_TYPE[Character.FORMAT] = "Cf";
    CATEGORY_OF_TYPE[Character.PRIVATE_USE] = "Co";
    CATEGORY_OF_TYPE[Character.SURROGATE] = "Cs";
    CATEGORY_OF_TYPE[Character.DASH_PUNCTUATION] = "Pd";
    CATEGORY_OF_TYPE[Character.START_PUNCTUATION] = "Ps";
    CATEGORY_OF_TYPE[Character.END_PUNCTUATION] = "Pe";
    CATEGORY_OF_TYPE[Character.CONNECTOR_PUNCTUATION] = "Pc";
    CATEGORY_OF_TYPE[Character.OTHER_PUNCTUATION] = "Po";
    CATEGORY_OF_TYPE[Character.INITIAL_QUOTE_PUNCTUATION] = "Pi";
    CATEGORY_OF_TYPE[Character.FINAL_QUOTE_PUNCTUATION] = "Pf";
    CATEGORY_OF_TYPE[Character.MATH_SYMBOL] = "Sm";
    CATEGORY_OF_TYPE[Character.CURRENCY_SYMBOL] = "Sc";
    CATEGORY_OF_TYPE[Character.MODIFIER_SYMBOL] = "Sk";
    CATEGORY_OF_TYPE[Character.OTHER_SYMBOL] = "So";
    // Character.UNASSIGNED (Cn) stays null: Go 1.19 has no Cn category.
    for (Character.UnicodeScript script : Character.UnicodeScript.values()) {
      if (script != Character.UnicodeScript.UNKNOWN) SCRIPTS.put(goScriptName(script), script);
    }
  }

  /** Go's name for a script: the Unicode long name, such as Old_Italic; Java spells it OLD_ITALIC. */
  private static String goScriptName(Character.UnicodeScript script) {
    if (script.name().equals("SIGNWRITING")) return "SignWriting";
    StringBuilder name = new StringBuilder();
    for (String word : script.name().split("_")) {
      if (!name.isEmpty()) name.append('_');
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }

  /** {@code \d \D \s \S \w \W}, or empty for any other letter. */
  static Optional<RuneRanges> perl(char letter) {
    RuneRanges group = switch (Character.toLowerCase(letter)) {
      case 'd' -> DIGIT;
      case 's' -> PERL_SPACE;
      case 'w' -> WORD;
      default -> null;
    };
    if (group == null) return Optional.empty();
    return Optional.of(Character.isUpperCase(letter) ? group.complement() : group);
  }

  /** A POSIX class by its name inside {@code [: :]}, e.g. {@code alpha} or {@code ^alpha}. */
  static Optional<RuneRanges> posix(String name) {
    boolean negated = name.startsWith("^");
    RuneRanges group = POSIX.get(negated ? name.substring(1) : name);
    if (group == null) return Optional.empty();
    return Optional.of(negated ? group.complement() : group);
  }

  /** A Unicode group by Go's exact name ({@code L}, {@code Lu}, {@code Greek}, {@code Any}), or empty. */
  static Optional<RuneRanges> unicode(String name) {
    if (name.equals("Any")) return Optional.of(RuneRanges.of(0, RuneRanges.MAX_RUNE));
    boolean category = isGoCategory(name);
    Character.UnicodeScript script = SCRIPTS.get(name);
    if (!category && script == null) return Optional.empty();
    return Optional.of(UNICODE_CACHE.computeIfAbsent(name, n -> category ? ofCategory(n) : ofScript(script)));
  }

  private static boolean isGoCategory(String name) {
    if (name.length() == 1) return "CLMNPSZ".contains(name);
    if (name.length() != 2) return false;
    for (String code : CATEGORY_OF_TYPE) {
      if (name.equals(code)) return true;
    }
    return false;
  }

  // Walks every code point once (about a million): only done for a \p name that a pattern really uses.
  private static RuneRanges ofCategory(String name) {
    RuneRanges.Builder builder = new RuneRanges.Builder();
    for (int codePoint = 0; codePoint <= RuneRanges.MAX_RUNE; codePoint++) {
      String code = CATEGORY_OF_TYPE[Character.getType(codePoint)];
      if (code != null && code.startsWith(name)) builder.add(codePoint, codePoint);
    }
    return builder.build();
  }

  private static RuneRanges ofScript(Character.UnicodeScript script) {
    RuneRanges.Builder builder = new RuneRanges.Builder();
    for (int codePoint = 0; codePoint <= RuneRanges.MAX_RUNE; codePoint++) {
      if (Character.UnicodeScript.of(codePoint) == script) builder.add(codePoint, codePoint);
    }
    return builder.build();
  }
}
