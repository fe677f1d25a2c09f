package dev.channels.tools.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * The handlers' limits the model repeats are the handlers' own: they are package-private in the lambdas module,
 * so this reads them by reflection, and a change there fails here instead of silently skewing the figures.
 */
class HandlerLimitsTest {
    private static int constant(String className, String field) throws ReflectiveOperationException {
        Field constant = Class.forName(className).getDeclaredField(field);
        constant.setAccessible(true);
        return constant.getInt(null);
    }

    @Test
    void claimCheckThresholdAndBudgetAreIngests() throws ReflectiveOperationException {
        assertThat(CapacityModel.CLAIM_CHECK_ABOVE_BYTES)
                .isEqualTo(constant("dev.channels.lambdas.ingest.ItemSize", "INLINE_LIMIT"));
        assertThat(CapacityModel.CLAIM_CHECK_SCALAR_BYTES)
                .isEqualTo(constant("dev.channels.lambdas.ingest.ClaimCheck", "SCALAR_BUDGET_BYTES"));
    }

    @Test
    void slackMessageLimitIsNotifys() throws ReflectiveOperationException {
        assertThat(CapacityModel.SLACK_MAX_BLOCKS).isEqualTo(constant("dev.channels.lambdas.notify.SlackMessage", "MAX_BLOCKS"));
    }
}
