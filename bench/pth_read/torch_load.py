"""torch.load speed on the files of make_resnet50_files.py: median of 5 after 2 warm-ups, wall and CPU time."""
import os, statistics, time, torch
torch.set_num_threads(2)
for f in ["r50.pth", "r50_legacy.pth"]:
    torch.load(f); torch.load(f)
    ts, cs = [], []
    for _ in range(5):
        c = time.process_time(); t = time.perf_counter(); torch.load(f)
        ts.append(time.perf_counter() - t); cs.append(time.process_time() - c)
    mb = os.path.getsize(f) / 1e6
    m = statistics.median(ts)
    print(f"torch {f}\t{mb:.1f} MB\twall median {m*1000:.0f} ms\t{mb/m:.0f} MB/s\t(min {min(ts)*1000:.0f} max {max(ts)*1000:.0f})\tcpu median {statistics.median(cs)*1000:.0f} ms")
