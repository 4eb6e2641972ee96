"""Fixtures for org.vocvision.model.*WeightsTest: reduced torchvision models with seeded random weights
(batch-norm running statistics randomised too), their state_dicts as .safetensors, and their eval-mode
outputs on a fixed input. Run with Debian's /usr/bin/python3 (torch 1.13, torchvision 0.14):

    /usr/bin/python3 src/test/python/make_weight_fixtures.py src/test/resources/weights

The safetensors format is written by hand (no safetensors module here): an 8-byte little-endian header
length, a JSON header {name: {dtype, shape, data_offsets}}, then raw little-endian data.
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models import AlexNet, mobilenet_v2
from torchvision.models._utils import _make_divisible
from torchvision.models.resnet import Bottleneck, ResNet
from torchvision.models.vgg import VGG, make_layers

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/weights")
DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}


def save_safetensors(tensors, path):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def randomise(model):
    """Seeded weights; batch-norm affine parameters and running statistics away from their defaults."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            nn.init.uniform_(m.weight, 0.5, 1.5)
            nn.init.normal_(m.bias, 0, 0.1)
            m.running_mean.normal_(0, 0.1)
            m.running_var.uniform_(0.5, 1.5)
            m.num_batches_tracked.fill_(7)
    return model.eval()


def state(model):
    return {k: v for k, v in model.state_dict().items()}


def small_resnet(layers, dilate=(False, False, False), num_classes=5):
    """torchvision's own ResNet/_make_layer/Bottleneck with 16 stem channels and planes 4/8/16/32."""
    m = ResNet(Bottleneck, [1, 1, 1, 1], num_classes=num_classes)
    m.inplanes, m.dilation = 16, 1
    m.conv1 = nn.Conv2d(3, 16, kernel_size=7, stride=2, padding=3, bias=False)
    m.bn1 = nn.BatchNorm2d(16)
    m.layer1 = m._make_layer(Bottleneck, 4, layers[0])
    m.layer2 = m._make_layer(Bottleneck, 8, layers[1], stride=2, dilate=dilate[0])
    m.layer3 = m._make_layer(Bottleneck, 16, layers[2], stride=2, dilate=dilate[1])
    m.layer4 = m._make_layer(Bottleneck, 32, layers[3], stride=2, dilate=dilate[2])
    m.fc = nn.Linear(32 * 4, num_classes)
    return m


def resnet_taps(m, x):
    x = m.maxpool(m.relu(m.bn1(m.conv1(x))))
    low = m.layer1(x)
    return low, m.layer4(m.layer3(m.layer2(low)))


class PreActBottleneck(nn.Module):
    """timm resnetv2.PreActBottleneck with BatchNormAct2d and create_conv2d (resnetv2_50), written out."""

    def __init__(self, in_chs, out_chs, stride, project):
        super().__init__()
        mid = _make_divisible(out_chs * 0.25, 8)  # timm's make_divisible(out_chs * bottle_ratio): same rule
        self.downsample = nn.Sequential()
        if project:
            self.downsample.add_module("conv", nn.Conv2d(in_chs, out_chs, 1, stride=stride, bias=False))
        else:
            self.downsample = None
        self.norm1 = nn.BatchNorm2d(in_chs)
        self.conv1 = nn.Conv2d(in_chs, mid, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, stride=stride, padding=1, bias=False)
        self.norm3 = nn.BatchNorm2d(mid)
        self.conv3 = nn.Conv2d(mid, out_chs, 1, bias=False)

    def forward(self, x):
        x_preact = F.relu(self.norm1(x))
        shortcut = x if self.downsample is None else self.downsample(x_preact)
        x = self.conv1(x_preact)
        x = self.conv2(F.relu(self.norm2(x)))
        x = self.conv3(F.relu(self.norm3(x)))
        return x + shortcut


class Stage(nn.Module):
    def __init__(self, in_chs, out_chs, stride, depth):
        super().__init__()
        self.blocks = nn.Sequential(*[PreActBottleneck(in_chs if i == 0 else out_chs, out_chs,
                                                       stride if i == 0 else 1, i == 0) for i in range(depth)])

    def forward(self, x):
        return self.blocks(x)


class Head(nn.Module):
    def __init__(self, chs, num_classes):
        super().__init__()
        self.fc = nn.Conv2d(chs, num_classes, 1, bias=True)

    def forward(self, x):
        return self.fc(x.mean((2, 3), keepdim=True)).flatten(1)


class ResNetV2(nn.Module):
    """timm resnetv2_50's module tree (stem.conv, stem.pool, stages.N.blocks.M, norm, head.fc)."""

    def __init__(self, layers, stem=64, channels=(256, 512, 1024, 2048), num_classes=1000):
        super().__init__()
        self.stem = nn.Sequential()
        self.stem.add_module("conv", nn.Conv2d(3, stem, 7, stride=2, padding=3, bias=False))
        self.stem.add_module("pool", nn.MaxPool2d(3, 2, 1))
        self.stages = nn.Sequential()
        prev = stem
        for i, (d, c) in enumerate(zip(layers, channels)):
            self.stages.add_module(str(i), Stage(prev, c, 1 if i == 0 else 2, d))
            prev = c
        self.norm = nn.BatchNorm2d(prev)
        self.head = Head(prev, num_classes)

    def forward(self, x):
        return self.head(F.relu(self.norm(self.stages(self.stem(x)))))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(20260523)

    # MobileNetV2, width 0.25, 5 classes: torchvision's own builder
    m = randomise(mobilenet_v2(width_mult=0.25, num_classes=5))
    x = torch.rand(1, 3, 48, 48) * 4 - 2
    io = {"input": x, "logits": m(x)}
    # VainF's dilated encoder, written here by changing torchvision's depthwise convs in place
    for os_, plan in ((16, {14: (1, 1)} | {i: (1, 2) for i in (15, 16, 17)}),
                      (8, {7: (1, 1)} | {i: (1, 2) for i in range(8, 14)} | {14: (1, 2)}
                       | {i: (1, 4) for i in (15, 16, 17)})):
        enc = randomise(mobilenet_v2(width_mult=0.25, num_classes=5))
        enc.load_state_dict(m.state_dict())
        for idx, (stride, dil) in plan.items():
            dw = enc.features[idx].conv[1][0]
            dw.stride, dw.dilation, dw.padding = (stride, stride), (dil, dil), (dil, dil)
        low = enc.features[0:4](x)
        io[f"os{os_}_low"], io[f"os{os_}_high"] = low, enc.features[4:18](low)
    save_safetensors(state(m), OUT / "mobilenet_v2_w025.safetensors")
    save_safetensors(io, OUT / "mobilenet_v2_w025.io.safetensors")

    # ResNet v1.5 bottlenecks, layers 2/1/2/1, reduced widths; plus the dilated encoders' taps
    r = randomise(small_resnet([2, 1, 2, 1]))
    x = torch.rand(1, 3, 64, 64) * 4 - 2
    io = {"input": x, "logits": r(x)}
    for os_, dil in ((16, (False, False, True)), (8, (False, True, True))):
        e = small_resnet([2, 1, 2, 1], dil).eval()
        e.load_state_dict(r.state_dict())
        io[f"os{os_}_low"], io[f"os{os_}_high"] = resnet_taps(e, x)
    save_safetensors(state(r), OUT / "resnet_small.safetensors")
    save_safetensors(io, OUT / "resnet_small.io.safetensors")

    # VGG16's configuration "D" at 1/16 of the widths, classifier hidden 32 (torchvision VGG + make_layers)
    cfg = [4, 4, "M", 8, 8, "M", 16, 16, 16, "M", 32, 32, 32, "M", 32, 32, 32, "M"]
    v = VGG(make_layers(cfg), num_classes=5)
    v.classifier = nn.Sequential(nn.Linear(32 * 7 * 7, 32), nn.ReLU(True), nn.Dropout(),
                                 nn.Linear(32, 32), nn.ReLU(True), nn.Dropout(), nn.Linear(32, 5))
    v = randomise(v)
    x = torch.rand(2, 3, 40, 40) * 4 - 2
    save_safetensors(state(v), OUT / "vgg_small.safetensors")
    save_safetensors({"input": x, "logits": v(x)}, OUT / "vgg_small.io.safetensors")

    # torchvision's AlexNet module (its forward, avgpool, layer positions) with convs 8/16/16/16/16 and hidden 32;
    # at the seed's 150 px the features are 3x3 and AdaptiveAvgPool2d(6) replicates them
    a = AlexNet(num_classes=5)
    a.features = nn.Sequential(
        nn.Conv2d(3, 8, kernel_size=11, stride=4, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(8, 16, kernel_size=5, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(16, 16, kernel_size=3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(16, 16, kernel_size=3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(16, 16, kernel_size=3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(kernel_size=3, stride=2))
    a.classifier = nn.Sequential(nn.Dropout(), nn.Linear(16 * 6 * 6, 32), nn.ReLU(inplace=True), nn.Dropout(),
                                 nn.Linear(32, 32), nn.ReLU(inplace=True), nn.Linear(32, 5))
    a = randomise(a)
    x = torch.rand(1, 3, 150, 150) * 4 - 2
    save_safetensors(state(a), OUT / "alexnet_small.safetensors")
    save_safetensors({"input": x, "logits": a(x)}, OUT / "alexnet_small.io.safetensors")

    # pre-activation ResNet with timm's names, stem 16, stages 16/32/64/128, blocks 2/1/2/1
    p = randomise(ResNetV2([2, 1, 2, 1], stem=16, channels=(16, 32, 64, 128), num_classes=5))
    x = torch.rand(1, 3, 64, 64) * 4 - 2
    save_safetensors(state(p), OUT / "resnetv2_small.safetensors")
    save_safetensors({"input": x, "logits": p(x)}, OUT / "resnetv2_small.io.safetensors")
    full = ResNetV2([3, 4, 6, 3])
    print("resnetv2_50 parameters:", sum(t.numel() for t in full.parameters()))

    # half precision: the same values as F16, BF16 and their exact float32 widening
    h = torch.randn(3, 4)
    save_safetensors({"f16": h.half(), "bf16": h.bfloat16(), "f16_as_f32": h.half().float(),
                      "bf16_as_f32": h.bfloat16().float()}, OUT / "half.safetensors")

    # torch's AdaptiveAvgPool2d on sizes that do not divide, and on a smaller input (replication)
    a = torch.randn(1, 2, 5, 7)
    save_safetensors({"input": a, "to3x4": F.adaptive_avg_pool2d(a, (3, 4)), "to6x6": F.adaptive_avg_pool2d(a, 6)},
                     OUT / "adaptive_pool.safetensors")

    # numpy's own .npy writer, for FloatNpyTest
    np.save(OUT / "numpy_f4.npy", np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5)
    np.save(OUT / "numpy_f8.npy", np.arange(3, dtype=np.float64))
    np.save(OUT / "numpy_scalar_vec.npy", np.array([1.5], dtype=np.float32))


if __name__ == "__main__":
    with torch.no_grad():
        main()
