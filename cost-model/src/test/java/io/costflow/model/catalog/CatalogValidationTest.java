package io.costflow.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.costflow.model.catalog.CatalogFormatException.Problem;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way a catalog file can be wrong, with the line number and message a user will see. */
class CatalogValidationTest {

    private static final String HEADER =
            "provider,region,instanceType,family,category,vcpu,memoryGiB,onDemandHourly,spotHourly\n";
    private static final String GOOD_ROW =
            "aws,us-east-1,m6i.large,m6i,general-purpose,2,8,0.096,0.0384\n";

    @Test
    void shouldNameLineWhenRowHasWrongColumnCount() {
        assertThat(problemsOf(HEADER + "aws,us-east-1,m6i.large,m6i,general-purpose,2,8,0.096\n"))
                .containsExactly(new Problem(2, "expected 9 columns, found 8"));
        assertThat(problemsOf(HEADER + GOOD_ROW.strip() + ",extra\n"))
                .containsExactly(new Problem(2, "expected 9 columns, found 10"));
    }

    @Test
    void shouldNameColumnWhenHeaderHasUnknownColumn() {
        assertThat(problemsOf(HEADER.strip() + ",os\n" + GOOD_ROW.strip() + ",linux\n"))
                .containsExactly(
                        new Problem(
                                1,
                                "unknown column 'os'; expected provider, region, instanceType,"
                                        + " family, category, vcpu, memoryGiB, onDemandHourly,"
                                        + " spotHourly"));
    }

    @Test
    void shouldListEveryMissingColumnWhenHeaderLacksThem() {
        assertThat(
                        problemsOf(
                                "provider,region,instanceType,family,category,vcpu,memoryGiB\n"
                                        + "aws,us-east-1,m6i.large,m6i,general-purpose,2,8\n"))
                .containsExactly(
                        new Problem(1, "missing column 'onDemandHourly'"),
                        new Problem(1, "missing column 'spotHourly'"));
    }

    @Test
    void shouldStillCheckRowsWhenHeaderHasDuplicateOrUnnamedColumn() {
        assertThat(
                        problemsOf(
                                "provider,region,Region,instanceType,family,,category,vcpu,memoryGiB,onDemandHourly,spotHourly\n"
                                        + "aws,us-east-1\n"))
                .containsExactly(
                        new Problem(1, "column 'region' appears twice"),
                        new Problem(1, "header column 6 has no name"),
                        new Problem(2, "expected 11 columns, found 2"));
    }

    @Test
    void shouldQuoteValueWhenPriceIsNotANumber() {
        assertThat(
                        problemsOf(
                                HEADER
                                        + "aws,us-east-1,m6i.large,m6i,general-purpose,2,8,$0.096,0.0384\n"
                                        + "aws,us-east-1,m6i.xlarge,m6i,general-purpose,4,16,0.192,1e-2\n"))
                .containsExactly(
                        new Problem(2, "onDemandHourly is not a decimal number: '$0.096'"),
                        new Problem(3, "spotHourly is not a decimal number: '1e-2'"));
    }

    @Test
    void shouldRejectPriceWhenNegative() {
        assertThat(
                        problemsOf(
                                HEADER
                                        + "aws,us-east-1,m6i.large,m6i,general-purpose,2,8,-0.096,0.0384\n"))
                .containsExactly(new Problem(2, "onDemandHourly must not be negative, was -0.096"));
    }

    @Test
    void shouldRejectSpotWhenAboveOnDemand() {
        assertThat(
                        problemsOf(
                                HEADER
                                        + "aws,us-east-1,m6i.large,m6i,general-purpose,2,8,0.096,0.0961\n"))
                .containsExactly(new Problem(2, "spotHourly 0.0961 is above onDemandHourly 0.096"));
    }

    @Test
    void shouldAcceptSpotWhenEqualToOnDemandOrZero() throws IOException {
        PriceCatalog catalog =
                PriceCatalog.load(
                        new StringReader(
                                HEADER
                                        + "aws,us-east-1,m6i.large,m6i,general-purpose,2,8,0.096,0.096\n"
                                        + "aws,us-east-1,m6i.xlarge,m6i,general-purpose,4,16,0,0\n"),
                        "test.csv");

        assertThat(catalog.size()).isEqualTo(2);
    }

    @Test
    void shouldRejectVcpuWhenNotAPositiveInteger() {
        assertThat(
                        problemsOf(
                                HEADER
                                        + "aws,us-east-1,a.1,a,general-purpose,0,8,0.1,0.01\n"
                                        + "aws,us-east-1,a.2,a,general-purpose,-2,8,0.1,0.01\n"
                                        + "aws,us-east-1,a.3,a,general-purpose,2.5,8,0.1,0.01\n"
                                        + "aws,us-east-1,a.4,a,general-purpose,two,8,0.1,0.01\n"
                                        + "aws,us-east-1,a.5,a,general-purpose,99999999999,8,0.1,0.01\n"))
                .containsExactly(
                        new Problem(2, "vcpu must be a positive integer, was '0'"),
                        new Problem(3, "vcpu must be a positive integer, was '-2'"),
                        new Problem(4, "vcpu must be a positive integer, was '2.5'"),
                        new Problem(5, "vcpu must be a positive integer, was 'two'"),
                        new Problem(6, "vcpu must be a positive integer, was '99999999999'"));
    }

    @Test
    void shouldRejectMemoryWhenNotPositive() {
        assertThat(
                        problemsOf(
                                HEADER
                                        + "aws,us-east-1,a.1,a,general-purpose,2,0,0.1,0.01\n"
                                        + "aws,us-east-1,a.2,a,general-purpose,2,-8,0.1,0.01\n"
                                        + "aws,us-east-1,a.3,a,general-purpose,2,8GiB,0.1,0.01\n"))
                .containsExactly(
                        new Problem(2, "memoryGiB must be positive, was 0"),
                        new Problem(3, "memoryGiB must be positive, was -8"),
                        new Problem(4, "memoryGiB is not a decimal number: '8GiB'"));
    }

    @Test
    void shouldPointBackToFirstLineWhenInstanceTypeIsDuplicated() {
        assertThat(
                        problemsOf(
                                HEADER
                                        + GOOD_ROW
                                        + "aws,eu-west-1,m6i.large,m6i,general-purpose,2,8,0.107,0.0428\n"
                                        + "aws,US-EAST-1,M6I.LARGE,m6i,general-purpose,2,8,0.096,0.0384\n"))
                .containsExactly(
                        new Problem(
                                4,
                                "duplicate instance type M6I.LARGE in region US-EAST-1, first"
                                        + " defined on line 2"));
    }

    @Test
    void shouldListKnownCategoriesWhenCategoryIsUnknown() {
        assertThat(
                        problemsOf(
                                HEADER
                                        + "aws,us-east-1,i4i.large,i4i,storage-optimized,2,16,0.172,0.06\n"))
                .containsExactly(
                        new Problem(
                                2,
                                "category 'storage-optimized' is not one of general-purpose,"
                                        + " compute-optimized, memory-optimized, burstable"));
    }

    @Test
    void shouldNameEachBlankFieldWhenRowHasGaps() {
        assertThat(problemsOf(HEADER + "aws, ,m6i.large,m6i,,2,8,0.096,\"\"\n"))
                .containsExactly(
                        new Problem(2, "region is blank"),
                        new Problem(2, "category is blank"),
                        new Problem(2, "spotHourly is blank"));
    }

    @Test
    void shouldReportUnterminatedQuoteWhenRowHasOne() {
        assertThat(problemsOf(HEADER + "aws,\"us-east-1,m6i.large,m6i,general-purpose,2,8,1,0\n"))
                .containsExactly(new Problem(2, "unterminated quoted field"));
    }

    @Test
    void shouldReportMissingHeaderWhenFileHasOnlyComments() {
        assertThat(problemsOf(""))
                .containsExactly(
                        new Problem(
                                1,
                                "no header line; expected the columns provider, region,"
                                        + " instanceType, family, category, vcpu, memoryGiB,"
                                        + " onDemandHourly, spotHourly"));
        assertThat(problemsOf("# nothing\n\n# here\n"))
                .extracting(Problem::line)
                .containsExactly(3);
    }

    @Test
    void shouldReportEmptyCatalogWhenHeaderHasNoRows() {
        assertThat(problemsOf("# prices\n" + HEADER + "\n"))
                .containsExactly(new Problem(3, "no instance types after the header"));
    }

    @Test
    void shouldReportEveryProblemInLineOrderWhenFileHasSeveral() throws URISyntaxException {
        Path file =
                Path.of(
                        CatalogValidationTest.class
                                .getResource("/catalog/several-problems.csv")
                                .toURI());

        CatalogFormatException e =
                catchThrowableOfType(() -> PriceCatalog.load(file), CatalogFormatException.class);

        assertThat(e.problems())
                .containsExactly(
                        new Problem(5, "expected 9 columns, found 8"),
                        new Problem(6, "onDemandHourly is not a decimal number: 'abc'"),
                        new Problem(
                                7,
                                "duplicate instance type m6i.large in region us-east-1, first"
                                        + " defined on line 4"),
                        new Problem(
                                9,
                                "category 'storage-optimized' is not one of general-purpose,"
                                        + " compute-optimized, memory-optimized, burstable"),
                        new Problem(9, "vcpu must be a positive integer, was '0'"));
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.getMessage())
                .isEqualTo(
                        file
                                + ": 5 problems\n"
                                + "  line 5: expected 9 columns, found 8\n"
                                + "  line 6: onDemandHourly is not a decimal number: 'abc'\n"
                                + "  line 7: duplicate instance type m6i.large in region"
                                + " us-east-1, first defined on line 4\n"
                                + "  line 9: category 'storage-optimized' is not one of"
                                + " general-purpose, compute-optimized, memory-optimized,"
                                + " burstable\n"
                                + "  line 9: vcpu must be a positive integer, was '0'");
    }

    @Test
    void shouldSpellOutFiftyProblemsAndCountTheRestWhenFileIsBadThroughout() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 60; i++) {
            csv.append("aws,us-east-1,a.").append(i).append(",a,general-purpose,x,8,1,0\n");
        }

        CatalogFormatException e = failureOf(csv.toString());

        assertThat(e.problems()).hasSize(60);
        assertThat(e.getMessage())
                .startsWith("test.csv: 60 problems\n  line 2: vcpu")
                .contains("  line 51: vcpu")
                .doesNotContain("line 52:")
                .endsWith("\n  ... and 10 more");
    }

    private static List<Problem> problemsOf(String csv) {
        return failureOf(csv).problems();
    }

    private static CatalogFormatException failureOf(String csv) {
        CatalogFormatException e =
                catchThrowableOfType(
                        () -> PriceCatalog.load(new StringReader(csv), "test.csv"),
                        CatalogFormatException.class);
        assertThat(e).as("expected %s to be rejected", csv).isNotNull();
        return e;
    }
}
