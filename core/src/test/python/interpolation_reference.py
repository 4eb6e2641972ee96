"""Reference values for InterpolationTest: torch's bilinear F.interpolate (align_corners=False).

Run with Debian's python3-torch: /usr/bin/python3 src/test/python/interpolation_reference.py
Writes src/test/resources/fixtures/bilinear.json.
"""
import json
import torch
import torch.nn.functional as F

torch.manual_seed(7)
x = torch.rand(2, 3, 5, 7, dtype=torch.float64)
cases = []
for size in [(9, 4), (11, 13), (3, 3), (20, 28), (1, 1), (5, 2)]:
    xi = x.clone().requires_grad_(True)
    y = F.interpolate(xi, size=size, mode="bilinear", align_corners=False)
    weights = torch.arange(y.numel(), dtype=torch.float64).reshape(y.shape) / y.numel()
    (y * weights).sum().backward()
    cases.append({"size": list(size), "output": y.detach().flatten().tolist(),
                  "grad": xi.grad.flatten().tolist()})
out = {"input_shape": list(x.shape), "input": x.flatten().tolist(), "cases": cases}
with open("src/test/resources/fixtures/bilinear.json", "w") as f:
    json.dump(out, f)
print("wrote", len(cases), "cases")
