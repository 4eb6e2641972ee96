package org.vocvision.data;

/**
 * How one synthetic class looks: silhouette, surface pattern and hue. Classes share each cue with
 * a partner so that no single cue decides the class: classes 2k and 2k+1 share a silhouette and
 * differ in texture; classes 2k+1 and 2k+2 (and 19 and 0) share a hue and differ in silhouette;
 * the six textures repeat every six classes. Together the three cues identify every class.
 *
 * @param shape the silhouette family
 * @param texture the surface pattern
 * @param hue the main hue in degrees; objects draw theirs within a few degrees of it
 */
record ClassStyle(ShapeFamily shape, Texture texture, double hue) {

    private static final ClassStyle[] STYLES = new ClassStyle[VocClasses.COUNT];

    static {
        ShapeFamily[] shapes = ShapeFamily.values();
        Texture[] textures = Texture.values();
        for (int c = 0; c < VocClasses.COUNT; c++) {
            int palette = ((c + 1) % VocClasses.COUNT) / 2;
            STYLES[c] = new ClassStyle(shapes[c / 2], textures[c % textures.length], palette * 36.0);
        }
    }

    /** The style of class {@code c}, 0..19 in {@link VocClasses} order. */
    static ClassStyle of(int c) {
        return STYLES[c];
    }
}
