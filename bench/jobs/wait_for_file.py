"""Benchmark 4: stays running until --stop_file exists (checked once a second) or --max_seconds pass, then exits 0."""
import argparse
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--stop_file", required=True)
parser.add_argument("--max_seconds", type=float, default=300)
args, _ = parser.parse_known_args()

print("waiting for", args.stop_file, flush=True)
deadline = time.monotonic() + args.max_seconds
while not os.path.exists(args.stop_file) and time.monotonic() < deadline:
    time.sleep(1)
print("done", flush=True)
