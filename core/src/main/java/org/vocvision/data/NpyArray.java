package org.vocvision.data;

/**
 * A one-byte-per-element NumPy array as read from a {@code .npy} file: C order, raw bytes.
 *
 * @param dtype the NumPy type descriptor: {@code |u1}, {@code |i1} or {@code |b1}
 * @param shape the array's shape
 * @param data the elements in C (row-major) order, one byte each
 */
public record NpyArray(String dtype, int[] shape, byte[] data) {

    /** Number of elements: the product of the shape (1 for a 0-d array). */
    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape as NumPy prints it: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    public String shapeText() {
        return NpyFormat.shapeText(shape);
    }
}
