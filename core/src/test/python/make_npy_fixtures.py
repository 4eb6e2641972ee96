"""Writes the tiny .npy fixtures NpyFormatTest compares against (run with Debian's /usr/bin/python3, numpy 1.24).

    /usr/bin/python3 src/test/python/make_npy_fixtures.py src/test/resources/npy
"""
import sys
from pathlib import Path

import numpy as np

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
# values i*7 mod 256 so every byte is distinct enough to catch an order mistake
image = (np.arange(2 * 3 * 3, dtype=np.int64) * 7 % 256).astype(np.uint8).reshape(2, 3, 3)
mask = np.array([[0, 1, 20], [255, 15, 0]], dtype=np.uint8)
np.save(out / "image_2x3x3_v1.npy", image)
np.save(out / "mask_2x3_v1.npy", mask)
with open(out / "mask_2x3_v2.npy", "wb") as f:
    np.lib.format.write_array(f, mask, version=(2, 0))
np.save(out / "bool_5.npy", np.array([True, False, False, True, True]))
np.save(out / "int8_4.npy", np.array([-128, -1, 0, 127], dtype=np.int8))
