package io.intentstream.testing.external;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Kinesalite for the tests of one class: {@code @RegisterExtension static final KinesaliteExtension KINESIS =
 * new KinesaliteExtension();} starts it before the first test and stops it after the last.
 */
public final class KinesaliteExtension implements BeforeAllCallback, AfterAllCallback {
    private Kinesalite kinesalite;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kinesalite = Kinesalite.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (kinesalite != null) {
            kinesalite.close();
            kinesalite = null;
        }
    }

    /** The running kinesalite; only between the class's first and last test. */
    public Kinesalite kinesalite() {
        if (kinesalite == null) {
            throw new IllegalStateException("kinesalite runs only while the test class runs");
        }
        return kinesalite;
    }
}
