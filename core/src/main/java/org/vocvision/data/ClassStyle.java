package org.vocvision.data;

/**
 * How one synthetic class looks: silhouette, surface pattern and hue. Every class has its own hue,
 * 18 degrees from its nearest neighbours', so colour alone can tell classes apart but only finely;
 * silhouettes and textures are shared (classes 2k and 2k+1 share a silhouette, the six textures
 * repeat every six classes) and settle what colour leaves close. The hues are dealt out in steps of
 * seven (7 x 18 = 126 degrees) so that the two classes of a silhouette have far-apart hues and the
 * classes of neighbouring hues (c and c + 3) differ in silhouette and texture. (An earlier look gave
 * every hue to two classes: a from-scratch model reached val mAP 0.25 with it in the default run.)
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
            double hue = (c * 7 % VocClasses.COUNT) * 360.0 / VocClasses.COUNT;
            STYLES[c] = new ClassStyle(shapes[c / 2], textures[c % textures.length], hue);
        }
    }

    /** The style of class {@code c}, 0..19 in {@link VocClasses} order. */
    static ClassStyle of(int c) {
        return STYLES[c];
    }
}
