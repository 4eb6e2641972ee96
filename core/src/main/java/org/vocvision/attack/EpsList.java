package org.vocvision.attack;

import java.util.ArrayList;
import java.util.List;

/** Attack budgets as the command line writes them. */
public final class EpsList {

    private EpsList() {}

    /**
     * Parses a comma-separated eps list in [0,1] pixel units; each entry a number ({@code 0.03}) or a
     * fraction ({@code 8/255}).
     */
    public static List<Double> parse(String list) {
        List<Double> values = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            values.add(parseOne(item.trim(), list));
        }
        return values;
    }

    /** One budget: a number or a fraction such as {@code 2/255}. */
    public static double parseOne(String s, String context) {
        double v;
        try {
            int slash = s.indexOf('/');
            v = slash < 0 ? Double.parseDouble(s)
                    : Double.parseDouble(s.substring(0, slash).trim()) / Double.parseDouble(s.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad eps '" + s + "' in '" + context
                    + "': expected numbers like 0.03 or fractions like 8/255, separated by commas");
        }
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("eps '" + s + "' in '" + context + "' is " + v + ", outside [0,1] pixel units");
        }
        return v;
    }
}
