package org.mtlskit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mtlskit.pki.PkiException;
import org.mtlskit.pki.PkiException.Remedy;

class RemediesTest {
    @Test
    void everyRemedyHasItsOwnRenderingNamingAFlag() {
        Set<String> texts = new HashSet<>();
        for (Remedy r : Remedy.values()) {
            String text = Remedies.text(r);
            assertTrue(text.matches("[;:,]? ?.*--[a-z].*"), r + ": " + text);
            assertTrue(texts.add(text), r + " words the same as another remedy: " + text);
        }
    }

    @Test
    void aToolLineIsTheLibraryMessageThenItsRemedyInFlags() {
        PkiException e = new PkiException(
                PkiException.Kind.OUTPUT_EXISTS, "keys/ca_cert.pem: exists already", Remedy.REPLACE_ALLOWED);
        assertEquals("keys/ca_cert.pem: exists already; --force replaces it", Remedies.line(e));
    }

    @Test
    void anErrorWithoutRemedyIsPrintedAsItsMessage() {
        PkiException e = new PkiException(PkiException.Kind.UNUSABLE_INPUT, "keys/ca_key.pem: damaged");
        assertEquals("keys/ca_key.pem: damaged", Remedies.line(e));
    }
}
