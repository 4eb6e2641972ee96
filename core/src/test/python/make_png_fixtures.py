"""Writes the palette-PNG fixture of PalettePngTest with Pillow, as VOC's SegmentationClass files are made
(Debian's /usr/bin/python3, Pillow 9.4, numpy 1.24).

    /usr/bin/python3 src/test/python/make_png_fixtures.py src/test/resources/png
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image


def voc_palette():
    """VOClabelcolormap.m, as torchvision and the devkit build it."""
    palette = []
    for i in range(256):
        r = g = b = 0
        c = i
        for j in range(8):
            r |= ((c >> 0) & 1) << (7 - j)
            g |= ((c >> 1) & 1) << (7 - j)
            b |= ((c >> 2) & 1) << (7 - j)
            c >>= 3
        palette += [r, g, b]
    return palette


out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
# PalettePngTest hard-codes these values
mask = np.array([[0, 0, 15, 15, 255],
                 [0, 12, 15, 255, 0],
                 [20, 12, 0, 1, 0],
                 [0, 0, 0, 0, 7]], dtype=np.uint8)
image = Image.fromarray(mask, mode="P")
image.putpalette(voc_palette())
image.save(out / "voc_mask_4x5.png")
# the same mask with its palette applied: what a paint program re-saving it as RGB gives
image.convert("RGB").save(out / "voc_mask_4x5_rgb.png")
