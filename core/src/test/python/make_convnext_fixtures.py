"""Fixtures for org.vocvision.model.ConvNeXtTest: torchvision 0.14's own ConvNeXt, built with reduced
CNBlockConfig widths/depths, seeded random weights (layer norms, biases and layer_scale randomised away from
their defaults), its state_dict as .safetensors and its eval-mode logits at two input sizes (one odd, so
the 4x4/4 stem and the 2x2/2 downsamples truncate). Run with Debian's /usr/bin/python3 (torch 1.13,
torchvision 0.14):

    /usr/bin/python3 src/test/python/make_convnext_fixtures.py src/test/resources/weights
"""
import sys
from pathlib import Path

import torch
import torch.nn as nn
from torchvision.models.convnext import CNBlock, CNBlockConfig, ConvNeXt, LayerNorm2d, convnext_small, convnext_tiny

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_weight_fixtures import save_safetensors  # noqa: E402

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/weights")

# widths 8/16/32/64, depths 2/1/2/1 (as vocvision's ConvNeXt.builder().optChannels(8, 16, 32, 64).optDepths(2, 1, 2, 1))
SMALL = [CNBlockConfig(8, 16, 2), CNBlockConfig(16, 32, 1), CNBlockConfig(32, 64, 2), CNBlockConfig(64, None, 1)]

# parameters whose gradients the fixture holds: one of each kind of layer
GRADIENTS = ["features.0.0.weight", "features.0.1.weight", "features.1.0.block.0.weight", "features.1.0.block.2.weight",
             "features.1.0.block.3.weight", "features.1.1.block.5.bias", "features.1.1.layer_scale", "features.2.1.weight",
             "features.7.0.layer_scale", "classifier.0.weight", "classifier.2.weight"]


def randomise(model):
    """Seeded weights at the scale of torch's default init (not torchvision's std 0.02, which would make
    every logit tiny), layer norms and biases away from 1/0, layer_scale away from 1e-6."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            m.reset_parameters()
            nn.init.normal_(m.bias, 0, 0.1)
        elif isinstance(m, nn.LayerNorm):
            nn.init.uniform_(m.weight, 0.5, 1.5)
            nn.init.normal_(m.bias, 0, 0.1)
        if isinstance(m, CNBlock):
            nn.init.uniform_(m.layer_scale, 0.2, 1.0)
    return model.eval()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(20261205)
    # a stochastic depth rate that is identity at inference; the Java side builds with the same rate
    m = randomise(ConvNeXt(SMALL, stochastic_depth_prob=0.3, num_classes=5))
    x = torch.rand(2, 3, 64, 64) * 4 - 2
    odd = torch.rand(1, 3, 67, 75) * 4 - 2
    # LayerNorm2d alone on channels with their own offsets and scales
    ln = LayerNorm2d(6, eps=1e-6)
    nn.init.uniform_(ln.weight, 0.5, 1.5)
    nn.init.normal_(ln.bias, 0, 0.1)
    ln_in = torch.randn(2, 6, 5, 7) * torch.linspace(0.1, 3, 6).view(1, 6, 1, 1) + torch.arange(6.).view(1, 6, 1, 1)
    io = {"input": x, "logits": m(x), "input_odd": odd, "logits_odd": m(odd),
          "ln_input": ln_in, "ln_weight": ln.weight, "ln_bias": ln.bias, "ln_output": ln(ln_in)}
    # gradients of sum(logits * r) at the odd size, eval mode (stochastic depth off): every op's backward
    r = torch.randn(1, 5)
    with torch.enable_grad():
        (m(odd) * r).sum().backward()
    io["grad_weights"] = r
    for name, p in m.named_parameters():
        if name in GRADIENTS:
            io["grad." + name] = p.grad
    save_safetensors(m.state_dict(), OUT / "convnext_small_cfg.safetensors")
    save_safetensors(io, OUT / "convnext_small_cfg.io.safetensors")
    for name, build in (("convnext_tiny", convnext_tiny), ("convnext_small", convnext_small)):
        print(name, "parameters:", sum(p.numel() for p in build().parameters()))


if __name__ == "__main__":
    with torch.no_grad():
        main()
