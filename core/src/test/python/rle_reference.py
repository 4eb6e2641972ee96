"""Reference run-length encodings for RunLengthEncodingTest and SubmissionWriterTest.

The encoder is the competition template's _rle_encode, verbatim; the segmentation row is the
template's (20, H, W) stack, plane c-1 = (mask == c). Run with Debian's python3 (numpy only):
    /usr/bin/python3 src/test/python/rle_reference.py
and copy the printed values into the tests.
"""
import numpy as np


def _rle_encode(img):
    pixels = img.flatten()
    pixels = np.concatenate([[0], pixels, [0]])
    runs = np.where(pixels[1:] != pixels[:-1])[0] + 1
    runs[1::2] -= runs[::2]
    return ' '.join(str(x) for x in runs)


def stack(mask):
    return np.array([mask == c for c in range(1, 21)])


def pattern(h, w):
    """The deterministic test mask the Java test rebuilds: ((31y + 17x + xy) mod 23), 21 and 22 -> 0."""
    y, x = np.mgrid[0:h, 0:w]
    m = (31 * y + 17 * x + x * y) % 23
    m[m > 20] = 0
    return m.astype(np.uint8)


def blocks(h, w):
    """A blocky test mask with long runs inside planes: ((y // 2) * 5 + x // 3) mod 21."""
    y, x = np.mgrid[0:h, 0:w]
    return (((y // 2) * 5 + x // 3) % 21).astype(np.uint8)


def show(name, value):
    print(f'{name}: "{value}"')


cls = np.zeros(20, dtype=np.uint8)
show('classes none', _rle_encode(cls))
show('classes all', _rle_encode(np.ones(20, dtype=np.uint8)))
c = cls.copy(); c[0] = 1; show('classes first', _rle_encode(c))
c = cls.copy(); c[19] = 1; show('classes last', _rle_encode(c))
c = cls.copy(); c[[8, 14, 19]] = 1; show('chair person tvmonitor', _rle_encode(c))
c = cls.copy(); c[[14, 15]] = 1; show('person pottedplant', _rle_encode(c))

m = np.zeros((3, 4), dtype=np.uint8)
show('3x4 zeros', _rle_encode(stack(m)))
show('3x4 all class 1', _rle_encode(stack(m + 1)))
show('3x4 all class 20', _rle_encode(stack(m + 20)))
show('3x4 all ones stack', _rle_encode(np.ones((20, 3, 4), dtype=np.uint8)))
f = m.copy(); f[0, 0] = 1; show('3x4 first pixel class 1', _rle_encode(stack(f)))
f = m.copy(); f[2, 3] = 20; show('3x4 last pixel class 20', _rle_encode(stack(f)))
# a run crossing from plane c into plane c+1: last pixel of class c, first pixel(s) of class c+1
f = m.copy(); f[2, 2:] = 3; f[0, :2] = 4; show('3x4 crossing 3->4', _rle_encode(stack(f)))
f = m.copy(); f[2, 3] = 7; f[0, 0] = 8; f[1, :] = 8; show('3x4 crossing 7->8 with gap', _rle_encode(stack(f)))
show('5x7 pattern', _rle_encode(stack(pattern(5, 7))))
show('3x11 pattern', _rle_encode(stack(pattern(3, 11))))
show('6x9 blocks', _rle_encode(stack(blocks(6, 9))))
show('9x4 blocks', _rle_encode(stack(blocks(9, 4))))
show('1x1 class 5', _rle_encode(stack(np.array([[5]], dtype=np.uint8))))

# the rows of a two-image submission, as the template writes them (pandas to_csv, index=False)
lines = ['Id,Predicted']
c = cls.copy(); c[[8, 14, 19]] = 1
lines += ['7_classification,' + _rle_encode(c), '7_segmentation,' + _rle_encode(stack(pattern(5, 7)))]
lines += ['3_classification,' + _rle_encode(cls), '3_segmentation,' + _rle_encode(stack(np.zeros((2, 6), np.uint8)))]
print('submission:', repr('\n'.join(lines) + '\n'))
