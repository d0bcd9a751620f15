package dev.devd.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layout the README's map describes, kept by the build: packages along the pipeline without cycles, and each
 * outside system behind one package.
 */
@AnalyzeClasses(packages = "dev.devd", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule packagesHaveNoCycles = slices().matching("dev.devd.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule onlyTheKubernetesPackageUsesFabric8 = noClasses()
      .that().resideOutsideOfPackage("dev.devd.k8s..")
      .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
      .because("the cluster is reached through the k8s package only");

  @ArchTest
  static final ArchRule onlyTheCommandLineUsesPicocli = noClasses()
      .that().resideOutsideOfPackage("dev.devd.cli..")
      .should().dependOnClassesThat().resideInAPackage("picocli..")
      .because("commands and options are the cli package's");

  @ArchTest
  static final ArchRule onlyTheYamlSourcesUseHelm = noClasses()
      .that().resideOutsideOfPackage("dev.devd.yamlsource..")
      .should().dependOnClassesThat().resideInAPackage("com.marcnuri.helm..")
      .because("Helm charts are rendered by the yamlsource package only");

  @ArchTest
  static final ArchRule thePatternLanguageDependsOnNothingOfDevds = noClasses()
      .that().resideInAPackage("dev.devd.ignore..")
      .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("devd's classes outside ignore",
          javaClass -> javaClass.getPackageName().startsWith("dev.devd.")
              && !javaClass.getPackageName().startsWith("dev.devd.ignore")))
      .because("Docker's pattern language stands on its own");

  @ArchTest
  static final ArchRule theEngineKnowsRuntimesOnlyByTheirRoles = noClasses()
      .that().resideInAPackage("dev.devd.engine..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.devd.k8s..", "dev.devd.podman..", "dev.devd.wiring..",
          "dev.devd.cli..")
      .because("the engine uses the runtime package's roles; the wiring picks the runtime");

  @ArchTest
  static final ArchRule onlyTheWiringPicksARuntime = noClasses()
      .that().resideOutsideOfPackages("dev.devd.wiring..", "dev.devd.k8s..", "dev.devd.podman..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.devd.k8s..", "dev.devd.podman..")
      .because("commands get their runtime from the wiring");
}
