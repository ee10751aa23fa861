package io.costflow.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BundledPriceCatalogTest {

    private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");
    private static final List<String> SIZES =
            List.of("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge");
    private static final List<String> T3_SIZES =
            List.of("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge");

    /** Family → category, and memory per vCPU, which is what tells the families apart. */
    private static final Map<String, InstanceCategory> CATEGORY =
            Map.of(
                    "m6i", InstanceCategory.GENERAL_PURPOSE,
                    "m7i", InstanceCategory.GENERAL_PURPOSE,
                    "c6i", InstanceCategory.COMPUTE_OPTIMIZED,
                    "c7i", InstanceCategory.COMPUTE_OPTIMIZED,
                    "r6i", InstanceCategory.MEMORY_OPTIMIZED,
                    "r7i", InstanceCategory.MEMORY_OPTIMIZED);

    private static final Map<String, Integer> GIB_PER_VCPU =
            Map.of("m6i", 4, "m7i", 4, "c6i", 2, "c7i", 2, "r6i", 8, "r7i", 8);

    private final PriceCatalog catalog = PriceCatalog.bundled();

    @Test
    void shouldContainEveryClaimedFamilySizeAndRegionWhenBundled() {
        for (String region : REGIONS) {
            for (String family : CATEGORY.keySet()) {
                for (String size : SIZES) {
                    String name = family + "." + size;
                    InstanceType type = catalog.find(region, name).orElseThrow();
                    int vcpu = vcpuOf(size);

                    assertThat(type.provider()).isEqualTo("aws");
                    assertThat(type.family()).isEqualTo(family);
                    assertThat(type.category()).isEqualTo(CATEGORY.get(family));
                    assertThat(type.vcpu()).as(name).isEqualTo(vcpu);
                    assertThat(type.memoryGiB())
                            .as(name)
                            .isEqualByComparingTo(
                                    BigDecimal.valueOf((long) vcpu * GIB_PER_VCPU.get(family)));
                }
            }
            for (String size : T3_SIZES) {
                assertThat(catalog.find(region, "t3." + size))
                        .hasValueSatisfying(
                                t ->
                                        assertThat(t.category())
                                                .isEqualTo(InstanceCategory.BURSTABLE));
            }
        }
        assertThat(catalog.regions()).containsExactly("eu-west-1", "us-east-1", "us-west-2");
        assertThat(catalog.size())
                .isEqualTo(REGIONS.size() * (CATEGORY.size() * SIZES.size() + T3_SIZES.size()));
    }

    @Test
    void shouldReturnTheSameCatalogWhenBundledIsCalledAgain() {
        assertThat(PriceCatalog.bundled()).isSameAs(catalog);
        assertThat(catalog.source()).isEqualTo("classpath:/catalog/aws-ec2.csv");
    }

    @Test
    void shouldHoldPublishedPricesExactlyWhenReadFromText() {
        assertThat(catalog.onDemandHourly("us-east-1", "m6i.large"))
                .contains(new BigDecimal("0.096"));
        assertThat(catalog.onDemandHourly("us-east-1", "c6i.large"))
                .contains(new BigDecimal("0.085"));
        assertThat(catalog.onDemandHourly("us-east-1", "r6i.large"))
                .contains(new BigDecimal("0.126"));
        assertThat(catalog.onDemandHourly("us-east-1", "m7i.large"))
                .contains(new BigDecimal("0.1008"));
        assertThat(catalog.onDemandHourly("us-east-1", "c7i.large"))
                .contains(new BigDecimal("0.08925"));
        assertThat(catalog.onDemandHourly("us-east-1", "t3.micro"))
                .contains(new BigDecimal("0.0104"));
        assertThat(catalog.onDemandHourly("eu-west-1", "m6i.large"))
                .contains(new BigDecimal("0.107"));
        assertThat(catalog.onDemandHourly("us-east-1", "m6i.8xlarge"))
                .contains(new BigDecimal("1.536"));
        assertThat(catalog.find("us-east-1", "t3.nano").orElseThrow().memoryGiB())
                .isEqualTo(new BigDecimal("0.5"));
    }

    @Test
    void shouldCostTheSamePerVcpuWhenSizesOfOneFamilyAreCompared() {
        for (String region : REGIONS) {
            for (String family : CATEGORY.keySet()) {
                List<InstanceType> sizes = catalog.family(region, family);
                BigDecimal perVcpu = perUnit(sizes.get(0).onDemandHourly(), sizes.get(0).vcpu());

                assertThat(sizes).hasSize(SIZES.size());
                assertThat(sizes)
                        .allSatisfy(
                                t ->
                                        assertThat(perUnit(t.onDemandHourly(), t.vcpu()))
                                                .as(t.region() + " " + t.name())
                                                .isEqualByComparingTo(perVcpu));
            }
        }
    }

    @Test
    void shouldCostTheSamePerGibWhenBurstableSizesAreCompared() {
        // t3.nano to t3.large all have 2 vCPUs; AWS prices burstables by memory instead.
        for (String region : REGIONS) {
            List<InstanceType> sizes = catalog.family(region, "t3");
            InstanceType smallest = sizes.get(0);
            BigDecimal perGib =
                    smallest.onDemandHourly().divide(smallest.memoryGiB(), MathContext.DECIMAL128);

            assertThat(sizes)
                    .extracting(InstanceType::name)
                    .containsExactlyElementsOf(
                            T3_SIZES.stream().map(s -> "t3." + s).collect(Collectors.toList()));
            assertThat(sizes)
                    .allSatisfy(
                            t ->
                                    assertThat(
                                                    t.onDemandHourly()
                                                            .divide(
                                                                    t.memoryGiB(),
                                                                    MathContext.DECIMAL128))
                                            .as(t.region() + " " + t.name())
                                            .isEqualByComparingTo(perGib));
        }
    }

    @Test
    void shouldPriceSpotBelowOnDemandWhenAnyTypeIsChecked() {
        assertThat(catalog.all())
                .allSatisfy(
                        t -> {
                            assertThat(t.spotHourly()).as(t.name()).isPositive();
                            assertThat(t.spotHourly())
                                    .as(t.region() + " " + t.name())
                                    .isLessThan(t.onDemandHourly());
                        });
    }

    @Test
    void shouldPriceIrelandAFewPercentAboveVirginiaWhenTheSameTypeIsCompared() {
        for (InstanceType virginia : catalog.inRegion("us-east-1")) {
            InstanceType ireland = catalog.find("eu-west-1", virginia.name()).orElseThrow();
            InstanceType oregon = catalog.find("us-west-2", virginia.name()).orElseThrow();
            BigDecimal ratio =
                    ireland.onDemandHourly()
                            .divide(virginia.onDemandHourly(), MathContext.DECIMAL64);

            assertThat(ratio)
                    .as(virginia.name())
                    .isBetween(new BigDecimal("1.07"), new BigDecimal("1.14"));
            assertThat(oregon.onDemandHourly()).isEqualByComparingTo(virginia.onDemandHourly());
        }
    }

    @Test
    void shouldListARegionByFamilyThenSizeWhenAskedForIt() {
        List<InstanceType> region = catalog.inRegion("eu-west-1");

        assertThat(region).hasSize(catalog.size() / REGIONS.size());
        assertThat(region).extracting(InstanceType::region).containsOnly("eu-west-1");
        assertThat(region.get(0).name()).isEqualTo("c6i.large");
        assertThat(region.get(region.size() - 1).name()).isEqualTo("t3.2xlarge");
    }

    private static int vcpuOf(String size) {
        return switch (size) {
            case "large" -> 2;
            case "xlarge" -> 4;
            default -> 4 * Integer.parseInt(size.substring(0, size.indexOf('x')));
        };
    }

    private static BigDecimal perUnit(BigDecimal price, int units) {
        return price.divide(BigDecimal.valueOf(units), MathContext.DECIMAL128);
    }
}
