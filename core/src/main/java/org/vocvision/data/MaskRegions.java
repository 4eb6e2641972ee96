package org.vocvision.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounding boxes of a mask's objects, taken as the 8-connected regions of each class (void and
 * background excluded): what {@link DatasetWriter} writes into VOC annotations.
 */
final class MaskRegions {

    private MaskRegions() {}

    /** One box per 8-connected region of a class, in VOC's 1-based inclusive coordinates, in scan order. */
    static List<VocObject> boxes(Mask mask, Label[] labels) {
        int h = mask.height();
        int w = mask.width();
        boolean[] visited = new boolean[h * w];
        int[] stack = new int[h * w];
        List<VocObject> objects = new ArrayList<>();
        for (int start = 0; start < h * w; start++) {
            int value = mask.values()[start] & 0xFF;
            if (visited[start] || value == VocClasses.BACKGROUND || value > VocClasses.COUNT) {
                continue;
            }
            int xmin = w;
            int ymin = h;
            int xmax = -1;
            int ymax = -1;
            int top = 0;
            stack[top++] = start;
            visited[start] = true;
            while (top > 0) {
                int p = stack[--top];
                int y = p / w;
                int x = p % w;
                xmin = Math.min(xmin, x);
                xmax = Math.max(xmax, x);
                ymin = Math.min(ymin, y);
                ymax = Math.max(ymax, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int ny = y + dy;
                        int nx = x + dx;
                        if (ny >= 0 && ny < h && nx >= 0 && nx < w) {
                            int q = ny * w + nx;
                            if (!visited[q] && (mask.values()[q] & 0xFF) == value) {
                                visited[q] = true;
                                stack[top++] = q;
                            }
                        }
                    }
                }
            }
            boolean difficult = labels[value - 1] == Label.DIFFICULT;
            boolean truncated = xmin == 0 || ymin == 0 || xmax == w - 1 || ymax == h - 1;
            objects.add(new VocObject(VocClasses.NAMES.get(value - 1), xmin + 1, ymin + 1, xmax + 1, ymax + 1,
                    difficult, truncated));
        }
        return objects;
    }
}
