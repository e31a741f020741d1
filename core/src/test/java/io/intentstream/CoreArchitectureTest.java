package io.intentstream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Core is plain Java shared by the job and the trainer: no Flink, no XGBoost training, no cycles between its packages. */
@AnalyzeClasses(packages = "io.intentstream", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreDoesNotImportFlink = noClasses().should().dependOnClassesThat()
            .resideInAPackage("org.apache.flink..");

    @ArchTest
    static final ArchRule noCycleBetweenCorePackages = slices().matching("io.intentstream.(*)..").should().beFreeOfCycles();
}
