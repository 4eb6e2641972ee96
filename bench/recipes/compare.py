#!/usr/bin/python3
"""The plain PyTorch side of docs/RECIPES.md: a from-scratch classifier or segmenter trained the way a
short PyTorch script would, on the data set vocvision writes (competition layout, docs/DATA.md) and on
the SAME held-out ids as a vocvision run (its config.json, provenance.valIds).

classifier: torchvision alexnet (or mobilenet_v2), Adam, batch 16, BCE with pos_weight (negatives /
  positives per class on the train part), random horizontal flips, images stretched to --size,
  ImageNet mean/std; the best epoch by val mAP = mean over classes (with a positive in val) of
  sklearn's average_precision_score, the definition vocvision's metrics.json names.
segmenter: DeepLabV3+ on torchvision's mobilenet_v2 features (written below, as
  core/src/main/java/org/vocvision/model/DeepLabV3Plus.java: output stride 16, ASPP 6/12/18 with image
  pooling, 48-channel low-level projection, two 3x3 convs of 256), Adam, batch 8, cross-entropy,
  DeepLab's scale 0.5..2 + random crop --size + flips; the best epoch by val mIoU over the 21 classes
  (background included, classes absent from both truth and prediction left out), each val image
  predicted whole at its own size.

Prints one JSON line: {"task", "seed", "best_epoch", "val_map" | "val_miou", "seconds"}.
"""
import argparse
import json
import math
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.transforms as T
from sklearn.metrics import average_precision_score

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1)


def load(data, ids):
    """(normalised image, labels, mask, image in [0,1]) per id."""
    rows = {}
    with open(f"{data}/train/train_set.csv") as f:
        next(f)
        for line in f:
            parts = line.strip().split(",")
            rows[parts[0]] = np.array([int(v) for v in parts[1:]], dtype=np.float32)
    out = []
    for i in ids:
        img = torch.from_numpy(np.load(f"{data}/train/img/train_{i}.npy")).permute(2, 0, 1).float() / 255
        mask = torch.from_numpy(np.load(f"{data}/train/seg/train_{i}.npy").astype(np.int64))
        out.append(((img - MEAN) / STD, torch.from_numpy(rows[i]), mask, img))
    return out


def split(data, run_config):
    with open(f"{data}/train/train_set.csv") as f:
        next(f)
        all_ids = [line.split(",")[0] for line in f if line.strip()]
    with open(run_config) as f:
        val = json.load(f)["provenance"]["valIds"]
    held = set(val)
    return [i for i in all_ids if i not in held], val


# ---------------------------------------------------------------- classifier

def classifier(name, width):
    if name == "alexnet":
        return torchvision.models.alexnet(num_classes=20)
    return torchvision.models.mobilenet_v2(num_classes=20, width_mult=width)


def djl_default_init(model):
    """DJL's default for every weight (Parameter.Type.WEIGHT: Xavier gaussian, factor IN, magnitude 2, i.e.
    kaiming_normal fan_in for convs and linears alike), biases 0: what a DJL block gets unless it sets its own."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)


def classify(args, train, val):
    model = classifier(args.model, args.width)
    if args.init == "djl":
        djl_default_init(model)
    labels = torch.stack([t[1] for t in train])
    pos = labels.sum(0)
    pos_weight = (len(train) - pos) / pos.clamp(min=1)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    resize = lambda x: F.interpolate(x[None], size=(args.size, args.size), mode="bilinear", align_corners=False)[0]
    val_x = torch.stack([resize(t[0]) for t in val])
    steps_per_epoch = (len(train) + args.batch - 1) // args.batch
    if args.recipe == "vocvision":
        # vocvision's from-scratch classifier recipe (task.Classification, data.AugmentOptions.classification):
        # AdamW, weight decay 1e-4 except biases and norms, 1 epoch linear warm-up then cosine to 0 per step,
        # RandomResizedCrop(area 0.25..1) + flip + ColorJitter(0.2, 0.2, 0.2) on the original image
        decay = [p for p in model.parameters() if p.ndim > 1]
        no_decay = [p for p in model.parameters() if p.ndim <= 1]
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": 1e-4}, {"params": no_decay, "weight_decay": 0}],
                                lr=args.lr)
        total, warm = args.epochs * steps_per_epoch, steps_per_epoch
        rate = lambda step: (step + 1) / warm if step < warm else 0.5 * (1 + math.cos(math.pi * (step - warm) / (total - warm)))
        schedule = torch.optim.lr_scheduler.LambdaLR(opt, rate)
        crop = T.RandomResizedCrop(args.size, scale=(0.25, 1.0))
        jitter = T.ColorJitter(0.2, 0.2, 0.2)
        raw = [t[3] for t in train]
        augment = lambda i: (jitter(crop(raw[i].flip(2) if random.random() < 0.5 else raw[i])) - MEAN) / STD
    else:
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
        schedule = None
        train_x = [resize(t[0]) for t in train]  # stretched once: flips are the only augmentation
        augment = lambda i: train_x[i].flip(2) if random.random() < 0.5 else train_x[i]
    val_y = torch.stack([t[1] for t in val]).numpy()
    keep = val_y.sum(0) > 0
    best, best_epoch = -1.0, 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = list(range(len(train)))
        random.shuffle(order)
        for b in range(0, len(order), args.batch):
            idx = order[b:b + args.batch]
            x = torch.stack([augment(i) for i in idx])
            loss = loss_fn(model(x), labels[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if schedule is not None:
                schedule.step()
        model.eval()
        with torch.no_grad():
            scores = torch.sigmoid(model(val_x)).numpy()
        ap = average_precision_score(val_y[:, keep], scores[:, keep], average="macro")
        print(f"epoch {epoch} val_map {ap:.4f}", flush=True)
        if ap > best:
            best, best_epoch = ap, epoch
    return {"val_map": round(float(best), 4), "best_epoch": best_epoch}


# ---------------------------------------------------------------- segmenter

def conv_bn_relu(cin, cout, k, dilation=1):
    pad = dilation * (k // 2)
    return nn.Sequential(nn.Conv2d(cin, cout, k, padding=pad, dilation=dilation, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class Aspp(nn.Module):
    def __init__(self, cin, ch=256, rates=(6, 12, 18)):
        super().__init__()
        self.convs = nn.ModuleList([conv_bn_relu(cin, ch, 1)] + [conv_bn_relu(cin, ch, 3, r) for r in rates])
        self.pool = conv_bn_relu(cin, ch, 1)
        self.project = nn.Sequential(conv_bn_relu(5 * ch, ch, 1), nn.Dropout(0.5))

    def forward(self, x):
        outs = [c(x) for c in self.convs]
        p = self.pool(F.adaptive_avg_pool2d(x, 1))
        outs.append(F.interpolate(p, size=x.shape[2:], mode="bilinear", align_corners=False))
        return self.project(torch.cat(outs, 1))


class DeepLabV3Plus(nn.Module):
    """mobilenet_v2 features: stride 4 after block 3 (24 channels), output stride 16 by dilating the
    last stride-32 stage (blocks 14..17: its first block keeps dilation 1, the rest 2), 320 channels."""

    def __init__(self, width, classes=21):
        super().__init__()
        features = torchvision.models.mobilenet_v2(width_mult=width).features
        self.low = features[:4]
        self.high = features[4:-1]
        for i, block in enumerate(features[14:-1]):
            for m in block.modules():
                if isinstance(m, nn.Conv2d) and m.kernel_size == (3, 3):
                    if m.stride == (2, 2):
                        m.stride = (1, 1)
                    elif i > 0:
                        m.dilation, m.padding = (2, 2), (2, 2)
        low_ch = features[3].out_channels
        high_ch = features[-2].out_channels
        self.aspp = Aspp(high_ch)
        self.project = conv_bn_relu(low_ch, 48, 1)
        self.classifier = nn.Sequential(conv_bn_relu(256 + 48, 256, 3), conv_bn_relu(256, 256, 3),
                                        nn.Conv2d(256, classes, 1))

    def forward(self, x):
        low = self.low(x)
        high = self.aspp(self.high(low))
        high = F.interpolate(high, size=low.shape[2:], mode="bilinear", align_corners=False)
        logits = self.classifier(torch.cat([high, self.project(low)], 1))
        return F.interpolate(logits, size=x.shape[2:], mode="bilinear", align_corners=False)


def scale_crop(img, mask, size):
    """DeepLab's augmentation: rescale by 0.5..2, pad (image 0 = mean after normalisation, mask ignore)
    to at least size, random crop, random flip."""
    s = random.uniform(0.5, 2.0)
    h, w = max(1, round(img.shape[1] * s)), max(1, round(img.shape[2] * s))
    img = F.interpolate(img[None], size=(h, w), mode="bilinear", align_corners=False)[0]
    mask = F.interpolate(mask[None, None].float(), size=(h, w), mode="nearest")[0, 0].long()
    ph, pw = max(0, size - h), max(0, size - w)
    if ph or pw:
        img = F.pad(img, (0, pw, 0, ph))
        mask = F.pad(mask, (0, pw, 0, ph), value=255)
    y = random.randint(0, img.shape[1] - size)
    x = random.randint(0, img.shape[2] - size)
    img, mask = img[:, y:y + size, x:x + size], mask[y:y + size, x:x + size]
    if random.random() < 0.5:
        img, mask = img.flip(2), mask.flip(1)
    return img, mask


def segment(args, train, val):
    model = DeepLabV3Plus(args.width)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    best, best_epoch = -1.0, 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = list(range(len(train)))
        random.shuffle(order)
        for b in range(0, len(order), args.batch):
            pairs = [scale_crop(train[i][0], train[i][2], args.size) for i in order[b:b + args.batch]]
            x = torch.stack([p[0] for p in pairs])
            y = torch.stack([p[1] for p in pairs])
            loss = F.cross_entropy(model(x), y, ignore_index=255)
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        confusion = torch.zeros(21, 21, dtype=torch.long)
        with torch.no_grad():
            for img, _, mask, _ in val:
                pred = model(img[None])[0].argmax(0)
                ok = mask != 255
                confusion += torch.bincount(mask[ok] * 21 + pred[ok], minlength=441).view(21, 21)
        inter = confusion.diag().double()
        union = confusion.sum(0).double() + confusion.sum(1).double() - inter
        miou = (inter[union > 0] / union[union > 0]).mean().item()
        print(f"epoch {epoch} val_miou {miou:.4f}", flush=True)
        if miou > best:
            best, best_epoch = miou, epoch
    return {"val_miou": round(best, 4), "best_epoch": best_epoch}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("task", choices=["classifier", "segmenter"])
    p.add_argument("--data", required=True, help="competition-layout data set (vocvision synth)")
    p.add_argument("--split-from", required=True, help="a vocvision run's config.json: its valIds are held out")
    p.add_argument("--model", default="alexnet", choices=["alexnet", "mobilenet_v2"], help="classifier")
    p.add_argument("--width", type=float, default=1.0, help="mobilenet_v2 width multiplier")
    p.add_argument("--size", type=int, default=96, help="classifier input / segmenter crop")
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch", type=int, default=None, help="default 16 classifier, 8 segmenter")
    p.add_argument("--lr", type=float, default=None, help="Adam; default 1e-4 classifier, 1e-3 segmenter")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--recipe", default="plain", choices=["plain", "vocvision"],
                   help="classifier: plain (constant Adam, flips) or vocvision's from-scratch recipe")
    p.add_argument("--init", default="torchvision", choices=["torchvision", "djl"],
                   help="the classifier's initialisation: torchvision's own, or DJL's default for every weight")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    seg = args.task == "segmenter"
    args.batch = args.batch or (8 if seg else 16)
    args.lr = args.lr or (1e-3 if seg else 1e-4)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    train_ids, val_ids = split(args.data, args.split_from)
    train, val = load(args.data, train_ids), load(args.data, val_ids)
    start = time.time()
    result = segment(args, train, val) if seg else classify(args, train, val)
    result.update(task=args.task, seed=args.seed, seconds=round(time.time() - start, 1))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
