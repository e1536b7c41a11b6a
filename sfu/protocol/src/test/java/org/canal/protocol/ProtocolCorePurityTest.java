package org.canal.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol core is pure: wire formats and ciphers only, with no I/O, threads or clocks, so that it
 * can be tested with RFC vectors alone and reused by signaling and the load clients. Time comes in as
 * an argument. This test fails the build when a class in {@code org.canal.protocol} breaks the rule.
 */
class ProtocolCorePurityTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.canal.protocol");
    }

    @Test
    void dependsOnlyOnTheJdkAndBouncyCastle() {
        noClasses().should().dependOnClassesThat().resideOutsideOfPackages(
                        "org.canal.protocol..", "java..", "javax.crypto..", "org.bouncycastle..")
                .because("the protocol core depends on nothing but the JDK and BouncyCastle")
                .check(core);
    }

    @Test
    void opensNoSocketsOrChannels() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.nio.channels..", "javax.net..")
                .orShould().dependOnClassesThat().haveSimpleNameContaining("Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
                .because("the protocol core does no I/O; the media engine owns the sockets")
                .check(core);
    }

    @Test
    void startsNoThreadsOrExecutors() {
        noClasses().should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Future.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Timer")
                .because("the protocol core runs on its caller's thread; event loops and workers live in the media engine")
                .check(core);
    }

    @Test
    void readsNoClock() {
        noClasses().should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.InstantSource")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .because("time comes in as an argument, so tests and replays control it")
                .check(core);
    }
}
