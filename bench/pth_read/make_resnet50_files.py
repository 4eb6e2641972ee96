"""torchvision resnet50 with seeded random weights saved three ways in the current directory (about 100 MB
each, not committed): r50.pth (zip), r50_legacy.pth (legacy format), r50.safetensors (written by hand).
Run with Debian's /usr/bin/python3 (torch 1.13, torchvision 0.14)."""
import json, struct, torch, torchvision
torch.manual_seed(0)
m = torchvision.models.resnet50()
sd = m.state_dict()
torch.save(sd, "r50.pth")
torch.save(sd, "r50_legacy.pth", _use_new_zipfile_serialization=False)
header, blobs, off = {}, [], 0
T = {torch.float32: "F32", torch.int64: "I64"}
for k, t in sd.items():
    raw = t.contiguous().numpy().tobytes()
    header[k] = {"dtype": T[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
    blobs.append(raw); off += len(raw)
h = json.dumps(header).encode(); h += b" " * (-len(h) % 8)
with open("r50.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(h))); f.write(h); [f.write(b) for b in blobs]
