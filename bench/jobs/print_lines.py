"""Benchmark 3: prints --lines numbered log lines (about 64 characters each) as fast as Python can, then exits 0."""
import argparse
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--lines", type=int, default=1000)
args, _ = parser.parse_known_args()

out = sys.stdout
chunk = []
for i in range(args.lines):
    chunk.append("step %07d loss=%.6f the quick brown fox jumps over the dog\n" % (i, 1.0 / (i + 1)))
    if len(chunk) == 10000:
        out.write("".join(chunk))
        chunk = []
out.write("".join(chunk))
out.flush()
