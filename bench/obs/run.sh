#!/usr/bin/env bash
# OBS endpoint throughput: a 1 GB file and 5,000 small files uploaded and downloaded through the local service's
# OBS endpoint, against the same files copied by cp on the same disk (the limit), with the service's peak memory.
#
#   bench/obs/run.sh [--service out/ModelArts.Emulator/ModelArts.Emulator.dll] [--work DIR] [--rounds N]
#
# Everything lives under one work folder on the disk being measured (the set-up shared with bench/obs-module is
# bench/lib/obs-bench.sh), deleted at the end, big files included. Every client call has a timeout. Needs dotnet, curl and the
# AWS CLI (Debian's awscli); prints a Markdown table and writes it to bench/obs/RESULTS.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
service="$here/../../out/ModelArts.Emulator/ModelArts.Emulator.dll"
work=""
rounds=2
while [ $# -gt 0 ]; do
    case "$1" in
        --service) service="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
aws="$(command -v /usr/bin/aws || command -v aws || true)"
[ -n "$aws" ] || { echo "the AWS CLI is needed (apt-get install awscli)" >&2; exit 2; }

. "$here/../lib/obs-bench.sh"
obs_bench_start "$service" obs-bench "$work"
ak=$obs_bench_ak
sk=$obs_bench_sk
# The client sees only what this script sets: no proxy, no CA bundle, no ~/.aws.
run_client() {
    env -i PATH="$PATH" HOME="$work/home" AWS_ACCESS_KEY_ID=$ak AWS_SECRET_ACCESS_KEY=$sk AWS_DEFAULT_REGION=local-1 \
        AWS_CONFIG_FILE="$work/home/config" AWS_SHARED_CREDENTIALS_FILE="$work/home/credentials" AWS_EC2_METADATA_DISABLED=true \
        timeout 900 "$@"
}
obs_bench_files 1024 5000

now() { date +%s.%N; }
declare -A best
measure() { # name command...: keeps the best (lowest) time over the rounds
    local name="$1"; shift
    sync
    local start end
    start=$(now)
    "$@" > /dev/null
    end=$(now)
    local took
    took=$(echo "$end - $start" | bc -l)
    if [ -z "${best[$name]:-}" ] || (( $(echo "$took < ${best[$name]}" | bc -l) )); then best[$name]=$took; fi
}

run_client "$aws" --endpoint-url "$url" s3 mb s3://bench > /dev/null
for round in $(seq 1 "$rounds"); do
    echo "round $round of $rounds" >&2
    rm -rf "$work/cp-big.bin" "$work/cp-small" "$work/down-big.bin" "$work/down-small" "$work/curl-big.bin"
    measure "1 GB: cp (limit)" cp "$work/big.bin" "$work/cp-big.bin"
    measure "1 GB: curl PUT (one request)" run_client curl -sf --aws-sigv4 "aws:amz:local-1:s3" --user "$ak:$sk" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
        -T "$work/big.bin" "$url/bench/curl-big.bin"
    measure "1 GB: curl GET (one request)" run_client curl -sf --aws-sigv4 "aws:amz:local-1:s3" --user "$ak:$sk" -o "$work/curl-big.bin" "$url/bench/curl-big.bin"
    measure "1 GB: aws s3 cp upload (multipart)" run_client "$aws" --endpoint-url "$url" s3 cp --only-show-errors "$work/big.bin" s3://bench/big.bin
    measure "1 GB: aws s3 cp download" run_client "$aws" --endpoint-url "$url" s3 cp --only-show-errors s3://bench/big.bin "$work/down-big.bin"
    cmp -s "$work/big.bin" "$work/down-big.bin" || { echo "the downloaded 1 GB file differs" >&2; exit 1; }
    cmp -s "$work/big.bin" "$work/curl-big.bin" || { echo "the curl-downloaded 1 GB file differs" >&2; exit 1; }
    measure "5,000 x 4 KB: cp -r (limit)" cp -r "$work/small" "$work/cp-small"
    measure "5,000 x 4 KB: aws s3 cp --recursive upload" run_client "$aws" --endpoint-url "$url" s3 cp --recursive --only-show-errors "$work/small" s3://bench/small/
    measure "5,000 x 4 KB: aws s3 cp --recursive download" run_client "$aws" --endpoint-url "$url" s3 cp --recursive --only-show-errors s3://bench/small/ "$work/down-small"
    diff -r "$work/small" "$work/down-small" > /dev/null || { echo "the downloaded small files differ" >&2; exit 1; }
done
peak_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$service_pid/status")

{
    echo "# OBS endpoint throughput"
    echo
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(uname -r), best of $rounds rounds; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "The work folder and the data root were on the same file system ($(df -h --output=source,fstype "$work" | tail -1 | tr -s ' '))."
    echo
    echo "| what | seconds | MB/s or files/s |"
    echo "|---|---:|---:|"
    for name in "1 GB: cp (limit)" "1 GB: curl PUT (one request)" "1 GB: curl GET (one request)" "1 GB: aws s3 cp upload (multipart)" "1 GB: aws s3 cp download"; do
        printf '| %s | %.2f | %.0f MB/s |\n' "$name" "${best[$name]}" "$(echo "1024 / ${best[$name]}" | bc -l)"
    done
    for name in "5,000 x 4 KB: cp -r (limit)" "5,000 x 4 KB: aws s3 cp --recursive upload" "5,000 x 4 KB: aws s3 cp --recursive download"; do
        printf '| %s | %.2f | %.0f files/s |\n' "$name" "${best[$name]}" "$(echo "5000 / ${best[$name]}" | bc -l)"
    done
    echo
    echo "Peak resident memory of the service over the whole run (VmHWM): $((peak_kb / 1024)) MB."
} | tee "$here/RESULTS.md"
