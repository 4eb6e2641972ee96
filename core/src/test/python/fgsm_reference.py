"""Reference values for FgsmTest: FGSM (eps 0.03) on a fixed tiny network, computed with torch.

Network: conv 3->2 3x3 (no padding, bias) -> global average pool -> linear 2->3; loss BCEWithLogits
(mean) to targets [1, 0, 1]; FGSM: x + eps * sign(d loss / d x), clipped to [0, 1].
The weights and the input come from integer formulas that FgsmTest.java repeats.
Run: /usr/bin/python3 src/test/python/fgsm_reference.py
"""
import torch

torch.set_printoptions(precision=8)
conv = torch.nn.Conv2d(3, 2, 3)
lin = torch.nn.Linear(2, 3)
with torch.no_grad():
    conv.weight.copy_(torch.tensor([((k * 7) % 11 - 5) / 10.0 for k in range(54)]).reshape(2, 3, 3, 3))
    conv.bias.copy_(torch.tensor([0.1, -0.2]))
    lin.weight.copy_(torch.tensor([((k * 5) % 7 - 3) / 4.0 for k in range(6)]).reshape(3, 2))
    lin.bias.copy_(torch.tensor([0.05, -0.1, 0.2]))

x = torch.tensor([((k * 13) % 17 + 1) / 19.0 for k in range(48)]).reshape(1, 3, 4, 4)
x.requires_grad_(True)
y = torch.tensor([[1.0, 0.0, 1.0]])
logits = lin(conv(x).mean(dim=(2, 3)))
loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y)
loss.backward()
adv = (x + 0.03 * x.grad.sign()).clamp(0, 1).detach()
print("loss", float(loss))
print("grad", ", ".join("%.9ef" % v for v in x.grad.flatten().tolist()))
print("adv", ", ".join("%.8ff" % v for v in adv.flatten().tolist()))
with torch.no_grad():
    print("adv loss", float(torch.nn.functional.binary_cross_entropy_with_logits(lin(conv(adv).mean(dim=(2, 3))), y)))
