package io.modelgate.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stacked bar chart of usage per day, as the Usage page draws it in SVG: one bar per day, one colour per series
 * (model or role; past {@link #MAX_SERIES} the smallest are one "other" series), a labelled value axis. Pure geometry:
 * the template only places what this computes.
 */
record UsageChart(int width, int height, List<Bar> bars, List<Series> legend, List<Tick> ticks, List<Label> days, String unit) {

    static final int MAX_SERIES = 7;
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int BOTTOM = 28;
    private static final int TOP = 10;

    record Bar(double x, double y, double width, double height, String colour, String title) {
    }

    record Series(String name, String colour, String total) {
    }

    record Tick(double y, String label) {
    }

    record Label(double x, String text) {
    }

    /** {@code values}: series → day → value; {@code dayLabels} in order. */
    static UsageChart stacked(List<String> dayLabels, Map<String, Map<String, Double>> values, String unit) {
        Map<String, Map<String, Double>> series = fold(values);
        double max = 0;
        for (String day : dayLabels) {
            double sum = 0;
            for (Map<String, Double> perDay : series.values()) {
                sum += perDay.getOrDefault(day, 0.0);
            }
            max = Math.max(max, sum);
        }
        double top = niceCeiling(max);
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = dayLabels.isEmpty() ? 0 : (WIDTH - LEFT - 8) / (double) dayLabels.size();
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        int labelEvery = Math.max(1, dayLabels.size() / 10);
        for (int i = 0; i < dayLabels.size(); i++) {
            String day = dayLabels.get(i);
            double x = LEFT + i * slot + slot * 0.15;
            double y = HEIGHT - BOTTOM;
            int colour = 0;
            for (Map.Entry<String, Map<String, Double>> one : series.entrySet()) {
                double value = one.getValue().getOrDefault(day, 0.0);
                if (value > 0 && top > 0) {
                    double h = value / top * plotHeight;
                    y -= h;
                    bars.add(new Bar(round(x), round(y), round(slot * 0.7), round(h), COLOURS[colour % COLOURS.length],
                            day + " · " + one.getKey() + ": " + format(value, unit)));
                }
                colour++;
            }
            if (i % labelEvery == 0) {
                labels.add(new Label(round(x + slot * 0.35), day.length() >= 10 ? day.substring(5, 10) : day));
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            double value = top * i / 4;
            ticks.add(new Tick(round(HEIGHT - BOTTOM - plotHeight * i / 4), format(value, unit)));
        }
        List<Series> legend = new ArrayList<>();
        int colour = 0;
        for (Map.Entry<String, Map<String, Double>> one : series.entrySet()) {
            double total = one.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
            legend.add(new Series(one.getKey(), COLOURS[colour++ % COLOURS.length], format(total, unit)));
        }
        return new UsageChart(WIDTH, HEIGHT, bars, legend, ticks, labels, unit);
    }

    /** The largest series by total, and the rest as "other". */
    private static Map<String, Map<String, Double>> fold(Map<String, Map<String, Double>> values) {
        List<Map.Entry<String, Map<String, Double>>> byTotal = new ArrayList<>(values.entrySet());
        byTotal.sort((a, b) -> Double.compare(total(b.getValue()), total(a.getValue())));
        Map<String, Map<String, Double>> folded = new LinkedHashMap<>();
        for (int i = 0; i < byTotal.size(); i++) {
            if (i < MAX_SERIES || byTotal.size() == MAX_SERIES + 1) {
                folded.put(byTotal.get(i).getKey(), byTotal.get(i).getValue());
            } else {
                Map<String, Double> other = folded.computeIfAbsent("other", k -> new LinkedHashMap<>());
                byTotal.get(i).getValue().forEach((day, value) -> other.merge(day, value, Double::sum));
            }
        }
        return folded;
    }

    private static double total(Map<String, Double> perDay) {
        return perDay.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code max}. */
    static double niceCeiling(double max) {
        if (max <= 0) {
            return 0;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }

    static String format(double value, String unit) {
        if (unit.equals("USD")) {
            if (value >= 100) {
                return String.format(Locale.ROOT, "$%,.0f", value);
            }
            if (value >= 0.01 || value == 0) {
                return String.format(Locale.ROOT, "$%.2f", value);
            }
            // a test or a cheap model: cents would round it away, so three significant digits
            return "$" + new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        }
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (value >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", value / 1_000);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
