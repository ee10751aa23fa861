package io.costflow.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceCatalogTest {

    private static final String HEADER =
            "provider,region,instanceType,family,category,vcpu,memoryGiB,onDemandHourly,spotHourly\n";

    @Test
    void shouldMapColumnsByNameWhenUserFileHasAnotherOrder() throws Exception {
        PriceCatalog catalog = PriceCatalog.load(testResource("reordered-columns.csv"));

        assertThat(catalog.size()).isEqualTo(3);
        assertThat(catalog.regions()).containsExactly("eu-central-1");
        InstanceType large = catalog.find("eu-central-1", "m6i.large").orElseThrow();
        assertThat(large)
                .isEqualTo(
                        new InstanceType(
                                "aws",
                                "eu-central-1",
                                "m6i.large",
                                "m6i",
                                InstanceCategory.GENERAL_PURPOSE,
                                2,
                                new BigDecimal("8"),
                                new BigDecimal("0.115"),
                                new BigDecimal("0.0460")));
        // Padded fields are stripped, category case is forgiven, and trailing zeros are kept.
        InstanceType xlarge = catalog.find("eu-central-1", "m6i.xlarge").orElseThrow();
        assertThat(xlarge.name()).isEqualTo("m6i.xlarge");
        assertThat(xlarge.category()).isEqualTo(InstanceCategory.GENERAL_PURPOSE);
        assertThat(xlarge.onDemandHourly()).isEqualTo(new BigDecimal("0.230"));
        assertThat(catalog.source()).endsWith("reordered-columns.csv");
    }

    @Test
    void shouldReadUserFileWhenSavedWithByteOrderMark(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.csv");
        Files.writeString(
                file,
                "\uFEFF" + HEADER + "aws,us-east-1,m6i.large,m6i,general-purpose,2,8,0.09,0.03\n",
                StandardCharsets.UTF_8);

        PriceCatalog catalog = PriceCatalog.load(file);

        assertThat(catalog.onDemandHourly("us-east-1", "m6i.large"))
                .contains(new BigDecimal("0.09"));
        assertThat(catalog.source()).isEqualTo(file.toString());
    }

    @Test
    void shouldReturnEmptyWhenRegionOrTypeIsUnknown() {
        PriceCatalog catalog = PriceCatalog.bundled();

        assertThat(catalog.find("us-east-1", "m6i.huge")).isEmpty();
        assertThat(catalog.find("mars-north-1", "m6i.large")).isEmpty();
        assertThat(catalog.find(null, "m6i.large")).isEmpty();
        assertThat(catalog.find("us-east-1", null)).isEmpty();
        assertThat(catalog.onDemandHourly("us-east-1", "x9z.large")).isEmpty();
        assertThat(catalog.spotHourly("mars-north-1", "m6i.large")).isEmpty();
        assertThat(catalog.inRegion("mars-north-1")).isEmpty();
        assertThat(catalog.inRegion(null)).isEmpty();
        assertThat(catalog.family("us-east-1", "x9z")).isEmpty();
        assertThat(catalog.family("mars-north-1", "m6i")).isEmpty();
        assertThat(catalog.family(null, null)).isEmpty();
    }

    @Test
    void shouldFindTypeWhenNameDiffersInCaseOrPadding() {
        PriceCatalog catalog = PriceCatalog.bundled();

        assertThat(catalog.find(" US-EAST-1 ", "M6i.Large "))
                .hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("m6i.large"));
        assertThat(catalog.family("EU-west-1", "R7I")).hasSize(7);
    }

    @Test
    void shouldListFamilySmallestFirstWhenFileListsItOutOfOrder() throws IOException {
        PriceCatalog catalog =
                load(
                        HEADER
                                + "aws,us-east-1,t3.large,t3,burstable,2,8,0.0832,0.03\n"
                                + "aws,us-east-1,t3.xlarge,t3,burstable,4,16,0.1664,0.06\n"
                                + "aws,us-east-1,t3.micro,t3,burstable,2,1,0.0104,0.004\n");

        assertThat(catalog.family("us-east-1", "t3"))
                .extracting(InstanceType::name)
                .containsExactly("t3.micro", "t3.large", "t3.xlarge");
        assertThat(catalog.all())
                .extracting(InstanceType::name)
                .containsExactly("t3.large", "t3.xlarge", "t3.micro");
    }

    @Test
    void shouldRejectDuplicateWhenBuiltFromInstances() {
        InstanceType large = type("us-east-1", "m6i.large");

        assertThat(PriceCatalog.of("test", List.of(large)).find("us-east-1", "m6i.large"))
                .contains(large);
        assertThatThrownBy(() -> PriceCatalog.of("test", List.of(large, large)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate instance type m6i.large in region us-east-1");
    }

    @Test
    void shouldAnswerTheSameWhenSerializedForAFlinkFunction() throws Exception {
        PriceCatalog original = PriceCatalog.bundled();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }

        PriceCatalog copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PriceCatalog) in.readObject();
        }

        assertThat(copy.all()).isEqualTo(original.all());
        assertThat(copy.onDemandHourly("us-east-1", "m6i.large")).contains(new BigDecimal("0.096"));
        assertThat(copy.family("eu-west-1", "c7i")).isEqualTo(original.family("eu-west-1", "c7i"));
    }

    private static InstanceType type(String region, String name) {
        return new InstanceType(
                "aws",
                region,
                name,
                name.substring(0, name.indexOf('.')),
                InstanceCategory.GENERAL_PURPOSE,
                2,
                new BigDecimal("8"),
                new BigDecimal("0.096"),
                new BigDecimal("0.0384"));
    }

    private static PriceCatalog load(String csv) throws IOException {
        return PriceCatalog.load(new StringReader(csv), "test.csv");
    }

    private static Path testResource(String name) throws URISyntaxException {
        return Path.of(PriceCatalogTest.class.getResource("/catalog/" + name).toURI());
    }
}
