package dev.jtee.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code @JteeTest(taDirs = …)}: system properties expanded, a missing one named. */
class TaDirsTest {
    @Test
    void propertiesAreExpandedAndAMissingOneIsNamed() {
        System.setProperty("jtee.tadirs.test", "/opt/$x");
        assertEquals("/opt/$x/ta", JteeExtension.expand(TaDirsTest.class, "${jtee.tadirs.test}/ta"));
        assertEquals("plain", JteeExtension.expand(TaDirsTest.class, "plain"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JteeExtension.expand(TaDirsTest.class, "${jtee.tadirs.none}/ta"));
        assertTrue(e.getMessage().contains("the system property jtee.tadirs.none is not set"), e.getMessage());
    }
}
