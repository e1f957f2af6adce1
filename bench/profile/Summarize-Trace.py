#!/usr/bin/env python3
"""Sums a speedscope file (from `dotnet-trace convert --format speedscope`) per thread: the time each thread spent on
CPU in managed code, the frames it was in when on CPU (self), and optionally the frames that time passed through
(inclusive). Used for the "Per-call fixed cost" sections of bench/PROFILE.md.

    python3 bench/profile/Summarize-Trace.py trace.speedscope.json [self rows, default 12] [inclusive rows, default 0]
"""
import collections
import json
import sys


def main():
    trace = json.load(open(sys.argv[1]))
    self_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    inclusive_rows = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    frames = [f['name'] for f in trace['shared']['frames']]
    # The sampled-thread-time profile marks samples on CPU with a CPU_TIME leaf (waiting ones with UNMANAGED_CODE_TIME).
    on_cpu = frames.index('CPU_TIME')
    for profile in trace['profiles']:
        stack, last, cpu = [], profile['startValue'], 0.0
        own, through = collections.Counter(), collections.Counter()
        for event in profile['events']:
            elapsed, last = event['at'] - last, event['at']
            if stack and stack[-1] == on_cpu:
                cpu += elapsed
                if len(stack) > 1:
                    own[stack[-2]] += elapsed
                for frame in set(stack[:-1]):
                    through[frame] += elapsed
            if event['type'] == 'O':
                stack.append(event['frame'])
            elif stack:
                stack.pop()
        if cpu < 20:
            continue
        print('=== %s: %.0f ms on CPU in managed code' % (profile['name'], cpu))
        for frame, ms in own.most_common(self_rows):
            print('  self %7.0f  %s' % (ms, frames[frame][:180]))
        for frame, ms in through.most_common(inclusive_rows):
            print('  incl %7.0f  %s' % (ms, frames[frame][:180]))


if __name__ == '__main__':
    main()
