package dev.devd.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The layout the README's map describes, kept by the build: packages along the pipeline without
 * cycles, and each outside system behind one package.
 */
@AnalyzeClasses(packages = "dev.devd", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices().matching("dev.devd.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule onlyTheKubernetesPackageUsesFabric8 =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.devd.k8s..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.fabric8..")
          .because("the cluster is reached through the k8s package only");

  @ArchTest
  static final ArchRule onlyTheCommandLineUsesPicocli =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.devd.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("picocli..")
          .because("commands and options are the cli package's");

  @ArchTest
  static final ArchRule onlyTheYamlSourcesUseHelm =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.devd.yamlsource..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.marcnuri.helm..")
          .because("Helm charts are rendered by the yamlsource package only");

  @ArchTest
  static final ArchRule thePatternLanguageDependsOnNothingOfDevds =
      noClasses()
          .that()
          .resideInAPackage("dev.devd.ignore..")
          .should()
          .dependOnClassesThat(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "devd's classes outside ignore",
                  javaClass ->
                      javaClass.getPackageName().startsWith("dev.devd.")
                          && !javaClass.getPackageName().startsWith("dev.devd.ignore")))
          .because("Docker's pattern language stands on its own");

  @ArchTest
  static final ArchRule theEngineKnowsRuntimesOnlyByTheirRoles =
      noClasses()
          .that()
          .resideInAPackage("dev.devd.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.devd.k8s..", "dev.devd.podman..", "dev.devd.wiring..", "dev.devd.cli..")
          .because("the engine uses the runtime package's roles; the wiring picks the runtime");

  @ArchTest
  static final ArchRule onlyTheWiringPicksARuntime =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.devd.wiring..", "dev.devd.k8s..", "dev.devd.podman..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.devd.k8s..", "dev.devd.podman..")
          .because("commands get their runtime from the wiring");

  @ArchTest
  static final ArchRule onlyThePodmanPackageRunsPodman =
      classes()
          .that()
          .resideOutsideOfPackages("dev.devd.podman..", "dev.devd.config..")
          .should(notHoldTheString("podman"))
          .because(
              "podman's CLI is run by the podman package only (config holds the word as a value users write)");

  // A program's name reaches a process as a string constant: a class that never holds it cannot run
  // it.
  private static ArchCondition<JavaClass> notHoldTheString(String text) {
    return new ArchCondition<>("not hold the string constant \"" + text + "\"") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        if (holdsConstant(javaClass, text)) {
          events.add(
              SimpleConditionEvent.violated(
                  javaClass, javaClass.getName() + " holds \"" + text + "\""));
        }
      }
    };
  }

  // The class file's constant pool has the text as a CONSTANT_Utf8 entry: tag 1, a two-byte length,
  // the bytes.
  private static boolean holdsConstant(JavaClass javaClass, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] entry = new byte[utf8.length + 3];
    entry[0] = 1;
    entry[1] = (byte) (utf8.length >> 8);
    entry[2] = (byte) utf8.length;
    System.arraycopy(utf8, 0, entry, 3, utf8.length);
    try (InputStream in = javaClass.getSource().orElseThrow().getUri().toURL().openStream()) {
      byte[] bytes = in.readAllBytes();
      for (int i = 0; i + entry.length <= bytes.length; i++) {
        if (Arrays.equals(bytes, i, i + entry.length, entry, 0, entry.length)) return true;
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
