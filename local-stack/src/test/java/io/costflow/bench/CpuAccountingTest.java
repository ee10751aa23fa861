package io.costflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The API benchmark's CPU figures: reading a stat file and adding readings up. */
class CpuAccountingTest {

    @Test
    void shouldReadTheFourTimesWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat =
                "4242 (post gres) x) S 1 4242 4242 0 -1 4194560 120 0 0 0 1234 56 7 8 20 0 1 0"
                        + " 100 2000000 300 18446744073709551615\n";

        assertThat(ProcessCpu.parse(stat)).containsExactly(1234, 56, 7, 8);
    }

    @Test
    void shouldGiveNothingWhenTheStatFileIsCutShort() {
        assertThat(ProcessCpu.parse("4242 (java) S 1 2 3")).isNull();
    }

    @Test
    void shouldSubtractAndAddEachProcessWhenBothReadingsAreKnown() {
        CpuUse earlier = new CpuUse(100, 200, 300);
        CpuUse later = new CpuUse(150, 260, 370);

        CpuUse used = later.minus(earlier);

        assertThat(used).isEqualTo(new CpuUse(50, 60, 70));
        assertThat(CpuUse.NONE.plus(used).plus(used)).isEqualTo(new CpuUse(100, 120, 140));
        assertThat(used.perRequest(10)).isEqualTo("0 + 0 + 0 = 0");
        assertThat(new CpuUse(35_000, 0, 81_000).perRequest(1)).isEqualTo("35 + 0 + 81 = 116");
    }

    @Test
    void shouldStayUnknownWhenAnyReadingIsUnknown() {
        CpuUse known = new CpuUse(100, 200, 300);

        assertThat(CpuUse.UNKNOWN.minus(CpuUse.UNKNOWN).known()).isFalse();
        assertThat(known.minus(CpuUse.UNKNOWN).known()).isFalse();
        assertThat(CpuUse.UNKNOWN.minus(known).known()).isFalse();
        assertThat(CpuUse.NONE.plus(known.minus(CpuUse.UNKNOWN)).plus(known).known()).isFalse();
    }
}
