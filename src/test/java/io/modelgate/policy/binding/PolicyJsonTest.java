package io.modelgate.policy.binding;

import io.modelgate.policy.Limit;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Entity tags agree however an object reached the code that computes one. */
class PolicyJsonTest {

    @Test
    void aDecimalsScaleDoesNotChangeTheEntityTag() {
        // the operator's form sends 12.50, the database gives back the scale it was written with, a tree has none
        Limit.Budget typed = new Limit.Budget(new BigDecimal("12.50"), null, Limit.Period.MONTH);
        Limit.Budget plain = new Limit.Budget(new BigDecimal("12.5"), null, Limit.Period.MONTH);
        assertEquals(PolicyJson.etag(plain), PolicyJson.etag(typed));
        assertEquals(PolicyJson.etag(typed), PolicyJson.etag(PolicyJson.tree(typed)));
    }

    @Test
    void differentValuesHaveDifferentTags() {
        Limit.Budget twelve = new Limit.Budget(new BigDecimal("12.5"), null, Limit.Period.MONTH);
        Limit.Budget thirteen = new Limit.Budget(new BigDecimal("13"), null, Limit.Period.MONTH);
        assertNotEquals(PolicyJson.etag(twelve), PolicyJson.etag(thirteen));
    }
}
