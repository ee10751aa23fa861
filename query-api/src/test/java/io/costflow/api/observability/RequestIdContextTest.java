package io.costflow.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestIdContextTest {

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void shouldRemoveTheIdAfterwardsWhenTheThreadHadNone() {
        RequestIdContext context = new RequestIdContext("req-1");

        String previous = context.updateThreadContext();
        String during = MDC.get(RequestIdFilter.MDC_KEY);
        context.restoreThreadContext(previous);

        assertThat(during).isEqualTo("req-1");
        assertThat(MDC.get(RequestIdFilter.MDC_KEY)).isNull();
    }

    @Test
    void shouldPutBackTheOuterIdAndLeaveOtherKeysWhenContextsNest() {
        MDC.put("other", "kept");
        RequestIdContext outer = new RequestIdContext("outer");
        RequestIdContext inner = new RequestIdContext("inner");

        String beforeOuter = outer.updateThreadContext();
        String beforeInner = inner.updateThreadContext();
        String duringInner = MDC.get(RequestIdFilter.MDC_KEY);
        inner.restoreThreadContext(beforeInner);
        String afterInner = MDC.get(RequestIdFilter.MDC_KEY);
        outer.restoreThreadContext(beforeOuter);

        assertThat(duringInner).isEqualTo("inner");
        assertThat(afterInner).isEqualTo("outer");
        assertThat(MDC.get(RequestIdFilter.MDC_KEY)).isNull();
        assertThat(MDC.get("other")).isEqualTo("kept");
    }
}
