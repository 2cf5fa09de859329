package io.modelgate.ui;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart's geometry: bars stack per day within the plot, the axis tops out at a round number, small series fold. */
class UsageChartTest {

    @Test
    void barsStackWithinThePlotAndTheAxisIsRound() {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        values.put("gpt-4o", Map.of("2026-12-01T00:00", 300.0, "2026-12-02T00:00", 100.0));
        values.put("claude", Map.of("2026-12-01T00:00", 500.0));
        UsageChart chart = UsageChart.stacked(List.of("2026-12-01T00:00", "2026-12-02T00:00"), values, "tokens");
        assertEquals(3, chart.bars().size());
        assertEquals("1.0k", chart.ticks().get(4).label(), "800 at most: the axis ends at 1000");
        double top = chart.bars().stream().mapToDouble(UsageChart.Bar::y).min().orElseThrow();
        assertTrue(top >= 0 && chart.bars().stream().allMatch(b -> b.y() + b.height() <= chart.height()), chart.toString());
        assertEquals("claude", chart.legend().get(0).name(), "the largest series first");
        assertTrue(chart.bars().get(0).title().contains("12-01") || chart.bars().get(0).title().contains("2026-12-01"));
        assertEquals(List.of("12-01", "12-02"), chart.days().stream().map(UsageChart.Label::text).toList());
    }

    @Test
    void pastSevenSeriesTheSmallestAreOther() {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        for (int i = 1; i <= 10; i++) {
            values.put("m" + i, Map.of("d", (double) i));
        }
        UsageChart chart = UsageChart.stacked(List.of("d"), values, "USD");
        assertEquals(8, chart.legend().size());
        assertEquals("other", chart.legend().get(7).name());
        assertEquals("$6.00", chart.legend().get(7).total(), "1 + 2 + 3");
        assertEquals("$0.00", UsageChart.format(0, "USD"));
        assertEquals("$0.000132", UsageChart.format(0.00013249, "USD"), "a small cost is not rounded to nothing");
        assertEquals(0, UsageChart.niceCeiling(0));
        assertEquals(50, UsageChart.niceCeiling(41));
    }
}
