"""Writes the 8x8 CMYK JPEG fixture of JpegImageTest (Debian's /usr/bin/python3, Pillow 9.4).

    /usr/bin/python3 src/test/python/make_cmyk_jpeg.py src/test/resources/jpeg/cmyk_8x8.jpg
"""
import sys

from PIL import Image

Image.new("CMYK", (8, 8), (10, 200, 30, 0)).save(sys.argv[1], quality=90)
im = Image.open(sys.argv[1])
# JpegImageTest hard-codes this: (245, 55, 225)
print(im.getpixel((2, 2)), im.convert("RGB").getpixel((2, 2)))
