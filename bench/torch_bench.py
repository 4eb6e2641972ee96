#!/usr/bin/env python3
"""PyTorch side of `vocvision bench --compare`: the same cases, architectures and input sizes.

Run with Debian's python3-torch / python3-torchvision:
    /usr/bin/python3 bench/torch_bench.py --threads 2 [--quick]
Prints one JSON object per line: {"case": .., "images_per_s": .., "median_s": .., "peak_rss_mb": .., "start_rss_mb": ..} (peak and start of the phase).
Each case: warm-up iterations, then the median of timed iterations. A train step is forward +
backward + SGD(momentum 0.9) step, like vocvision's.
"""
import argparse
import json
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class Aspp(nn.Module):
    """As vocvision's model/Aspp.java and torchvision's deeplabv3.ASPP."""

    def __init__(self, cin, ch, rates):
        super().__init__()
        def cbr(k, d):
            return nn.Sequential(nn.Conv2d(cin, ch, k, padding=d * (k - 1) // 2, dilation=d, bias=False),
                                 nn.BatchNorm2d(ch), nn.ReLU())
        self.convs = nn.ModuleList([cbr(1, 1)] + [cbr(3, r) for r in rates])
        self.pooling = nn.Sequential(nn.Conv2d(cin, ch, 1, bias=False), nn.BatchNorm2d(ch), nn.ReLU())
        self.project = nn.Sequential(nn.Conv2d(5 * ch, ch, 1, bias=False), nn.BatchNorm2d(ch), nn.ReLU(),
                                     nn.Dropout(0.5))

    def forward(self, x):
        outs = [c(x) for c in self.convs]
        p = self.pooling(x.mean((2, 3), keepdim=True))
        outs.append(F.interpolate(p, size=x.shape[2:], mode="bilinear", align_corners=False))
        return self.project(torch.cat(outs, 1))


class DeepLabV3PlusMobileNetV2(nn.Module):
    """As vocvision's model/DeepLabV3Plus.java on MobileNetV2 at output stride 16: low-level features
    = features[0:4] (stride 4, 24 channels), high-level = features[4:-1] (320 channels), the last
    stride-2 stage dilated instead (VainF/DeepLabV3Plus-Pytorch's mobilenet_v2)."""

    def __init__(self, classes=21):
        super().__init__()
        features = torchvision.models.mobilenet_v2().features
        # output stride 16: features[14] (first block of the 160-channel stage) keeps stride 1, dilation 2 after
        dw = features[14].conv[1][0]
        dw.stride = (1, 1)
        for block in list(features)[15:18]:
            conv = block.conv[1][0]
            conv.dilation, conv.padding = (2, 2), (2, 2)
        self.low = features[0:4]
        self.high = features[4:-1]
        self.aspp = Aspp(320, 256, (6, 12, 18))
        self.project = nn.Sequential(nn.Conv2d(24, 48, 1, bias=False), nn.BatchNorm2d(48), nn.ReLU())
        def cbr(cin):
            return nn.Sequential(nn.Conv2d(cin, 256, 3, padding=1, bias=False), nn.BatchNorm2d(256), nn.ReLU())
        self.classifier = nn.Sequential(cbr(256 + 48), cbr(256), nn.Conv2d(256, classes, 1))

    def forward(self, x):
        low = self.low(x)
        high = self.aspp(self.high(low))
        high = F.interpolate(high, size=low.shape[2:], mode="bilinear", align_corners=False)
        logits = self.classifier(torch.cat([high, self.project(low)], 1))
        return F.interpolate(logits, size=x.shape[2:], mode="bilinear", align_corners=False)


def cases():
    return [
        ("mobilenet_v2", lambda: torchvision.models.mobilenet_v2(num_classes=20), 16, 224, "bce"),
        ("resnet50", lambda: torchvision.models.resnet50(num_classes=20), 16, 224, "bce"),
        ("alexnet", lambda: torchvision.models.alexnet(num_classes=20), 32, 150, "bce"),
        ("deeplabv3plus_mobilenet_v2", DeepLabV3PlusMobileNetV2, 8, 320, "ce"),
        ("convnext_tiny", lambda: torchvision.models.convnext_tiny(num_classes=20), 16, 224, "bce"),
    ]


def reset_peak():
    """As vocvision's ProcessMemory.resetPeak: the peak restarts from the current resident size, so each
    phase (train, inference) reports its own peak (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def rss_mb(field="VmRSS:"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def peak_rss_mb():
    """VmHWM, the peak resident size since the last reset_peak(); ru_maxrss where /proc is missing."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(step, warmup, iterations):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated case names")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    warmup, iterations = (1, 3) if args.quick else (2, 7)
    only = set(filter(None, args.only.split(",")))
    for name, make, batch, size, loss_kind in cases():
        if only and name not in only:
            continue
        model = make()
        x = torch.rand(batch, 3, size, size)
        if loss_kind == "bce":
            target = (torch.rand(batch, 20) > 0.8).float()
            loss_fn = nn.BCEWithLogitsLoss()
        else:
            target = torch.randint(0, 21, (batch, size, size))
            loss_fn = nn.CrossEntropyLoss(ignore_index=255)
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)

        def train_step():
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), target)
            loss.backward()
            optimizer.step()

        model.train()
        start = rss_mb()
        reset_peak()
        t = measure(train_step, warmup, iterations)
        print(json.dumps({"case": name + "_train", "batch": batch, "size": size,
                          "images_per_s": batch / t, "median_s": t, "peak_rss_mb": peak_rss_mb(),
                          "start_rss_mb": start}), flush=True)
        model.eval()
        start = rss_mb()
        reset_peak()
        with torch.no_grad():
            t = measure(lambda: model(x), warmup, iterations)
        print(json.dumps({"case": name + "_infer", "batch": batch, "size": size,
                          "images_per_s": batch / t, "median_s": t, "peak_rss_mb": peak_rss_mb(),
                          "start_rss_mb": start}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
