package io.intentstream.job;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The job's dependencies run one way: launcher (this package: options, main) -> connectors (file, Kafka,
 * Kinesis, the Parquet archive) -> pipeline (the graph) -> functions, records and state. The runtime
 * configuration and the output formats sit beside the pipeline, used only from above.
 */
@AnalyzeClasses(packages = "io.intentstream.job", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule layersRunOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Launcher").definedBy("io.intentstream.job")
            .layer("Connectors").definedBy("io.intentstream.job.connectors..")
            .layer("Runtime").definedBy("io.intentstream.job.runtime..")
            .layer("Formats").definedBy("io.intentstream.job.formats..")
            .layer("Pipeline").definedBy("io.intentstream.job.pipeline..")
            .layer("Functions").definedBy("io.intentstream.job.functions..", "io.intentstream.job.records..",
                    "io.intentstream.job.state..")
            .whereLayer("Launcher").mayNotBeAccessedByAnyLayer()
            .whereLayer("Connectors").mayOnlyBeAccessedByLayers("Launcher")
            .whereLayer("Runtime").mayOnlyBeAccessedByLayers("Launcher", "Connectors")
            .whereLayer("Formats").mayOnlyBeAccessedByLayers("Connectors")
            .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Launcher", "Connectors")
            .whereLayer("Functions").mayOnlyBeAccessedByLayers("Launcher", "Connectors", "Formats", "Pipeline");

    @ArchTest
    static final ArchRule noCycleBetweenTheJobsPackages = slices().matching("io.intentstream.job.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule connectorsArePeers = slices().matching("io.intentstream.job.connectors.(*)..")
            .should().notDependOnEachOther();
}
