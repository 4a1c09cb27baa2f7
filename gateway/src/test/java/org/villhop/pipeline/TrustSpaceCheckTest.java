package org.villhop.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrustSpaceCheckTest {
    @Test
    void recipientsOutsideTheWhitelistAreRefusedWithTheDomainNamed() {
        MessageContext context = new MessageContext("sortie@ch-lens.mssante.test", "sortie",
                List.of("a@mssante.test", "b@medecins.MSSANTE.test", "c@gmail.com", "d@evilmssante.test"));
        TrustSpaceCheck.of(List.of("mssante.test", "*.mssante.test")).check(context);
        assertEquals(List.of("a@mssante.test", "b@medecins.MSSANTE.test"), context.accepted());
        assertNull(context.refusal("a@mssante.test"));
        Refusal refusal = context.refusal("c@gmail.com");
        assertEquals("5.7.1", refusal.status());
        assertTrue(refusal.detail().contains("domain gmail.com is outside the MSSanté trust space"), refusal.detail());
        assertEquals("5.7.1", context.refusal("d@evilmssante.test").status());
    }
}
