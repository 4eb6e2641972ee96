"""Fixtures for org.vocvision.model.TorchvisionArchitecturesTest (issue 14, part 2): torchvision 0.14's own
MobileNetV3-Large, ResNet-101 layout, DeepLabV3, FCN and LR-ASPP code at reduced widths, seeded random weights
(batch-norm statistics and every conv/linear randomised), eval mode, state_dicts as .safetensors and the eval
outputs at two input sizes (one odd). Run with Debian's /usr/bin/python3 (torch 1.13, torchvision 0.14):

    /usr/bin/python3 src/test/python/make_segmentation_fixtures.py src/test/resources/weights

What is reduced, and why the code path is still torchvision's:
- MobileNetV3-Large: torchvision's mobilenet_v3_large(width_mult=0.25) (every width through _make_divisible),
  with dilated=True for the segmenters, exactly as deeplabv3/lraspp build it.
- ResNet-101: torchvision's ResNet/_make_layer/Bottleneck with layers [3, 4, 23, 3] (the depth that makes it
  ResNet-101) at 1/16 of the widths (stem 16, planes 4/8/16/32); the segmenters use layers [2, 1, 2, 1] with
  replace_stride_with_dilation's [False, True, True] through _make_layer(dilate=True).
- DeepLabV3: torchvision's DeepLabV3, IntermediateLayerGetter, ASPP and FCNHead; DeepLabHead hard-codes 256
  channels, so the head is DeepLabHead's nn.Sequential written out with ASPP(out_channels=32). The MobileNetV3
  one is built by torchvision's _deeplabv3_mobilenetv3 (stage_indices, taps, aux head) before that swap.
- FCN and LR-ASPP: torchvision's FCN/FCNHead and _lraspp_mobilenetv3/LRASPP/LRASPPHead unchanged.
Full-size parameter counts need no fixture: the Java test builds the full models and counts.
"""
import sys
import zlib
from pathlib import Path

import torch
import torch.nn as nn
from torchvision.models import mobilenet_v3_large
from torchvision.models._utils import IntermediateLayerGetter
from torchvision.models.resnet import Bottleneck, ResNet
from torchvision.models.segmentation.deeplabv3 import ASPP, DeepLabV3, _deeplabv3_mobilenetv3
from torchvision.models.segmentation.fcn import FCN, FCNHead
from torchvision.models.segmentation.lraspp import _lraspp_mobilenetv3

sys.path.insert(0, str(Path(__file__).parent))
from make_weight_fixtures import save_safetensors  # noqa: E402

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/weights")
SIZES = ((64, 64), (67, 75))
CLASSES = 5


def randomise(model):
    """Seeded weights away from torchvision's initialisation (its 0.01-std linears would give tiny logits)."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            nn.init.normal_(m.weight, 0, (2.0 / fan_in) ** 0.5)
            if m.bias is not None:
                nn.init.normal_(m.bias, 0, 0.1)
        if isinstance(m, nn.BatchNorm2d):
            nn.init.uniform_(m.weight, 0.5, 1.5)
            nn.init.normal_(m.bias, 0, 0.1)
            m.running_mean.normal_(0, 0.1)
            m.running_var.uniform_(0.5, 1.5)
            m.num_batches_tracked.fill_(7)
    for m in model.modules():
        if isinstance(m, Bottleneck):
            # a residual branch's last BN scaled down, so 33 bottlenecks do not blow the logits up to 1e8
            nn.init.uniform_(m.bn3.weight, 0.1, 0.3)
    return model.eval()


def small_resnet(layers, dilate=(False, False, False), num_classes=CLASSES):
    """torchvision's ResNet/_make_layer/Bottleneck with 16 stem channels and planes 4/8/16/32."""
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


def deeplab_head(in_channels, num_classes, channels):
    """torchvision's DeepLabHead (an nn.Sequential) with its 256 replaced by `channels`."""
    return nn.Sequential(ASPP(in_channels, [12, 24, 36], channels),
                         nn.Conv2d(channels, channels, 3, padding=1, bias=False),
                         nn.BatchNorm2d(channels), nn.ReLU(), nn.Conv2d(channels, num_classes, 1))


def write(name, model, outputs):
    """outputs(x) -> dict of named tensors for one input."""
    torch.manual_seed(zlib.crc32(name.encode()))
    io = {}
    for i, (h, w) in enumerate(SIZES):
        x = torch.rand(2, 3, h, w) * 4 - 2
        io[f"input{i}"] = x
        for k, v in outputs(x).items():
            io[f"{k}{i}"] = v
    save_safetensors(model.state_dict(), OUT / f"{name}.safetensors")
    save_safetensors(io, OUT / f"{name}.io.safetensors")
    size = (OUT / f"{name}.safetensors").stat().st_size
    print(f"{name}: {sum(p.numel() for p in model.parameters())} parameters, {size} bytes")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(20261205)

    m = randomise(mobilenet_v3_large(width_mult=0.25, num_classes=CLASSES))
    write("mobilenet_v3_large_w025", m, lambda x: {"logits": m(x)})

    r = randomise(small_resnet([3, 4, 23, 3]))
    write("resnet101_small", r, lambda x: {"logits": r(x)})

    for kind in ("deeplabv3", "fcn"):
        backbone = small_resnet([2, 1, 2, 1], (False, True, True))
        getter = IntermediateLayerGetter(backbone, return_layers={"layer4": "out", "layer3": "aux"})
        if kind == "deeplabv3":
            seg = DeepLabV3(getter, deeplab_head(128, CLASSES, 32), FCNHead(64, CLASSES))
        else:
            seg = FCN(getter, FCNHead(128, CLASSES), FCNHead(64, CLASSES))
        seg = randomise(seg)
        write(f"{kind}_resnet_small", seg, lambda x, s=seg: dict(s(x)))

    dl = _deeplabv3_mobilenetv3(mobilenet_v3_large(width_mult=0.25, dilated=True), CLASSES, True)
    dl.classifier = deeplab_head(dl.classifier[0].convs[0][0].in_channels, CLASSES, 32)
    dl = randomise(dl)
    write("deeplabv3_mobilenet_v3_large_w025", dl, lambda x: dict(dl(x)))

    lr = randomise(_lraspp_mobilenetv3(mobilenet_v3_large(width_mult=0.25, dilated=True), CLASSES))
    write("lraspp_mobilenet_v3_large_w025", lr, lambda x: dict(lr(x)))


if __name__ == "__main__":
    with torch.no_grad():
        main()
