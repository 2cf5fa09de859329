package io.modelgate.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure the README's architecture section describes, held by a test: no package depends, directly
 * or round a loop, on one that depends on it (a sub-package counts as a package of its own), and the packages of
 * pure logic use no framework.
 */
class PackageStructureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.modelgate");
    }

    @Test
    void noPackageDependsOnOneThatDependsOnIt() {
        slices().matching("io.modelgate.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theAccessDecisionIsPlainJava() {
        noClasses().that().resideInAPackage("io.modelgate.access..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "jakarta.persistence..",
                        "org.hibernate..", "jakarta.enterprise..", "io.netty..")
                .check(classes);
    }

    @Test
    void upstreamsKnowNothingOfTheSnapshotOrTheRequestPath() {
        // Transports are chosen when a snapshot is built and handed to the request path; they never look back up.
        noClasses().that().resideInAPackage("io.modelgate.upstream..")
                .should().dependOnClassesThat().resideInAnyPackage("io.modelgate.snapshot..", "io.modelgate.gateway..")
                .check(classes);
    }

    @Test
    void translationsArePureFunctionsOfJson() {
        // Bytes and JSON trees in, JSON and bytes out: no HTTP, no container, no request path; the gateway applies them.
        // Netty's ByteBuf is the one exception, as a plain growable byte array: a translated stream's events are written
        // straight into the buffer that is sent, rather than into text encoded and copied afterwards.
        DescribedPredicate<JavaClass> outside = resideInAnyPackage("io.quarkus..", "io.vertx..", "jakarta..", "io.modelgate.gateway..",
                "io.modelgate.upstream..", "io.modelgate.snapshot..").or(resideInAPackage("io.netty..").and(not(resideInAPackage("io.netty.buffer.."))));
        noClasses().that().resideInAPackage("io.modelgate.translate..").should().dependOnClassesThat(outside).check(classes);
    }
}
