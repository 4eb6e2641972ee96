"""Reference values for data/ResizeTest: a 2x2 image enlarged to 4x4 with torch's bilinear
(align_corners=False) and 'nearest-exact' modes, rounded half up to uint8 as vocvision does.
Run: /usr/bin/python3 src/test/python/resize_reference.py"""
import torch
import torch.nn.functional as F

image = torch.tensor([[0.0, 100.0], [200.0, 40.0]]).reshape(1, 1, 2, 2)
bilinear = F.interpolate(image, size=(4, 4), mode="bilinear", align_corners=False)
print("bilinear (float):", bilinear.reshape(4, 4).tolist())
print("bilinear (uint8, half up):", torch.floor(bilinear + 0.5).int().reshape(4, 4).tolist())
mask = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 1, 2, 2)
print("nearest-exact:", F.interpolate(mask, size=(4, 4), mode="nearest-exact").int().reshape(4, 4).tolist())
