"""Fixtures for org.vocvision.model.TorchCheckpointTest / PickleReaderTest: small torch.save files in both
formats and the values they must read back as. Run with Debian's /usr/bin/python3 (torch 1.13):

    /usr/bin/python3 src/test/python/make_pth_fixtures.py src/test/resources/pth

expected.json holds, per tensor name, the dtype and shape vocvision returns and the tensor's contiguous
little-endian bytes in that dtype as hex; bfloat16 and int16 are widened by torch itself (t.float(),
t.int()), independently of the Java reader.
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import zipfile
from pathlib import Path

import torch
import torch.nn as nn

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/pth")
WEIGHTS = Path("src/test/resources/weights")
WIDENED = {torch.bfloat16: torch.float32, torch.int16: torch.int32}


def every_dtype():
    g = torch.Generator().manual_seed(14)
    sd = collections.OrderedDict()
    x = torch.randn(3, 4, generator=g) * 100
    sd["f32"] = x.clone()
    sd["f16"] = x.half()
    sd["bf16"] = x.bfloat16()
    sd["f64"] = x.double() / 3
    sd["i64"] = torch.tensor([-(2 ** 62), -1, 0, 7, 2 ** 40], dtype=torch.int64)
    sd["i32"] = torch.tensor([-(2 ** 31), -1, 0, 2 ** 31 - 1], dtype=torch.int32)
    sd["i16"] = torch.tensor([-32768, -1, 0, 32767], dtype=torch.int16)
    sd["i8"] = torch.tensor([-128, -1, 0, 127], dtype=torch.int8)
    sd["u8"] = torch.tensor([0, 1, 128, 255], dtype=torch.uint8)
    sd["bool"] = torch.tensor([True, False, True])
    sd["f32_special"] = torch.tensor([float("nan"), float("inf"), -float("inf"), -0.0, 1e-45])
    sd["scalar"] = torch.tensor(2.5)
    sd["empty"] = torch.zeros(0, 3)
    base = torch.arange(60, dtype=torch.float32).reshape(6, 10)
    # a view with a storage offset and non-unit strides, a transposed view, and a slice: three tensors on one storage
    sd["view_offset_stride"] = base[1:5:2, 3::3]
    sd["view_transposed"] = base.t()
    sd["view_slice"] = base[2]
    sd["shared_a"] = base.view(60)
    half_base = torch.arange(24, dtype=torch.float16).reshape(2, 3, 4)
    sd["f16_permuted"] = half_base.permute(2, 0, 1)
    sd["param"] = nn.Parameter(torch.linspace(-1, 1, 5))
    return sd


def module_state():
    """A real nn.Module state_dict: an OrderedDict carrying _metadata (pickled with BUILD)."""
    torch.manual_seed(3)
    m = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4))
    m[1].running_mean.normal_()
    m[1].num_batches_tracked.fill_(9)
    return m.state_dict()


def expected(sd):
    out = {}
    for k, t in sd.items():
        t = t.detach()
        t = t.to(WIDENED.get(t.dtype, t.dtype)).contiguous()
        raw = t.numpy().tobytes()
        out[k] = {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "hex": raw.hex()}
    return out


def save_both(obj, name):
    torch.save(obj, OUT / (name + ".pth"))
    torch.save(obj, OUT / (name + "_legacy.pth"), _use_new_zipfile_serialization=False)


def read_safetensors(path):
    data = path.read_bytes()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    types = {"F32": torch.float32, "I64": torch.int64}
    sd = collections.OrderedDict()
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        buf = bytearray(data[8 + n + a:8 + n + b])
        sd[k] = torch.frombuffer(buf, dtype=types[v["dtype"]]).reshape(v["shape"]).clone()
    return sd


class OldTensor:
    """Pickles as PyTorch < 0.4 did: torch._utils._rebuild_tensor(storage, offset, size, stride)."""

    def __init__(self, t):
        self.t = t

    def __reduce__(self):
        t = self.t
        return torch._utils._rebuild_tensor, (t.storage(), t.storage_offset(), tuple(t.size()), t.stride())


class Python2OrderedDict:
    """Pickles as Python 2.7's OrderedDict.__reduce__ did: OrderedDict([[key, value], ...])."""

    def __init__(self, items):
        self.items = items

    def __reduce__(self):
        return collections.OrderedDict, ([[k, v] for k, v in self.items],)


class System:
    """Pickles as os.system('touch MARKER'): what a malicious checkpoint does."""

    def __reduce__(self):
        return os.system, ("touch /tmp/vocvision-pickle-ran-code",)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    sd = every_dtype()
    save_both(sd, "dtypes")
    ms = module_state()
    save_both(ms, "module_state")
    small = collections.OrderedDict((k, sd[k]) for k in ("f32", "i64", "view_offset_stride"))
    save_both({"epoch": 3, "state_dict": small, "optimizer": {"lr": 0.1, "state": {}}}, "nested_state_dict")
    save_both({"model": small, "arch": "resnet", "best_acc": 71.5}, "nested_model")
    save_both(collections.OrderedDict(("module." + k, v) for k, v in small.items()), "data_parallel")
    torch.save({"model": small, "state_dict": small}, OUT / "ambiguous.pth")
    torch.save({"epoch": 1, "history": [1.0, 2.0]}, OUT / "no_tensors.pth")
    # a 1 KB file whose one stride-0 view would copy out to 400 MB
    torch.save({"w": torch.zeros(1).expand(100_000_000)}, OUT / "expand_bomb.pth")
    old = Python2OrderedDict([(k, OldTensor(v)) for k, v in small.items()])
    torch.save(old, OUT / "old_style_legacy.pth", _use_new_zipfile_serialization=False)
    assert all(torch.equal(torch.load(OUT / "old_style_legacy.pth")[k], v) for k, v in small.items())
    exp = {"dtypes": expected(sd), "module_state": expected(ms), "small": expected(small)}
    (OUT / "expected.json").write_text(json.dumps(exp, indent=1, sort_keys=True) + "\n")

    # a vocvision-exported state_dict (same naming as torchvision's) saved by torch: the round trip
    mnv2 = read_safetensors(WEIGHTS / "mobilenet_v2_w025.safetensors")
    torch.save(mnv2, OUT / "mobilenet_v2_w025.pth")

    # a pickle that would run code: bare, and inside a torch.save-shaped zip
    evil = pickle.dumps(collections.OrderedDict(w=System()), protocol=2)
    assert b"posix\nsystem" in evil or b"nt\nsystem" in evil
    (OUT / "forbidden.pkl").write_bytes(evil)
    with zipfile.ZipFile(OUT / "forbidden.pth", "w", zipfile.ZIP_STORED) as z:
        z.writestr("forbidden/data.pkl", evil)
        z.writestr("forbidden/version", "3\n")


if __name__ == "__main__":
    main()
