package io.costflow.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InstanceTypeTest {

    @Test
    void shouldOrderByVcpuThenMemoryWhenSortedBySize() {
        InstanceType micro = t3("t3.micro", 2, "1");
        InstanceType large = t3("t3.large", 2, "8");
        InstanceType xlarge = t3("t3.xlarge", 4, "16");

        List<InstanceType> sorted =
                List.of(xlarge, large, micro).stream()
                        .sorted(InstanceType.BY_SIZE)
                        .collect(Collectors.toList());

        assertThat(sorted).containsExactly(micro, large, xlarge);
    }

    @Test
    void shouldRefuseSpotWhenAboveOnDemand() {
        assertThatThrownBy(
                        () ->
                                new InstanceType(
                                        "aws",
                                        "us-east-1",
                                        "m6i.large",
                                        "m6i",
                                        InstanceCategory.GENERAL_PURPOSE,
                                        2,
                                        new BigDecimal("8"),
                                        new BigDecimal("0.096"),
                                        new BigDecimal("0.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("m6i.large: spotHourly 0.1 is above onDemandHourly 0.096");
    }

    @Test
    void shouldRefuseShapeWhenVcpuOrMemoryIsNotPositive() {
        assertThatThrownBy(() -> t3("t3.none", 0, "1"))
                .hasMessage("t3.none: vcpu must be positive, was 0");
        assertThatThrownBy(() -> t3("t3.none", 2, "0"))
                .hasMessage("t3.none: memoryGiB must be positive, was 0");
    }

    @Test
    void shouldReadCategoryWhenLabelDiffersInCase() {
        assertThat(InstanceCategory.fromLabel(" Memory-Optimized "))
                .contains(InstanceCategory.MEMORY_OPTIMIZED);
        assertThat(InstanceCategory.fromLabel("memory_optimized")).isEmpty();
        assertThat(InstanceCategory.fromLabel(null)).isEmpty();
        assertThat(InstanceCategory.BURSTABLE).hasToString("burstable");
    }

    private static InstanceType t3(String name, int vcpu, String memoryGiB) {
        return new InstanceType(
                "aws",
                "us-east-1",
                name,
                "t3",
                InstanceCategory.BURSTABLE,
                vcpu,
                new BigDecimal(memoryGiB),
                new BigDecimal("0.01"),
                new BigDecimal("0.004"));
    }
}
