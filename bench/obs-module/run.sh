#!/usr/bin/env bash
# Copy-MaObsItem against the AWS CLI (aws s3 cp [--recursive]) and rclone on the same local OBS endpoint, in the
# same run: one large file and many small files, up and down, with each client's peak resident memory.
#
#   bench/obs-module/run.sh [--big-mb 1024] [--files 5000] [--work DIR]
#
# Needs the built module and service (dotnet pwsh ./build.ps1), the repo's pwsh tool (dotnet tool restore), the AWS
# CLI and rclone. Everything lives under one work folder, deleted at the end. Prints a Markdown table and writes
# it to bench/obs-module/RESULTS.md. Ratios are the other tool's time over Copy-MaObsItem's (above 1: we are faster).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
service="$repo/out/ModelArts.Emulator/ModelArts.Emulator.dll"
module="$repo/out/ModelArts/ModelArts.psd1"
big_mb=1024
files=5000
work=""
while [ $# -gt 0 ]; do
    case "$1" in
        --big-mb) big_mb="$2"; shift 2 ;;
        --files) files="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -f "$service" ] && [ -f "$module" ] || { echo "build first: dotnet pwsh ./build.ps1" >&2; exit 2; }
aws="$(command -v aws || true)"; rclone="$(command -v rclone || true)"
[ -n "$aws" ] && [ -n "$rclone" ] || { echo "needs the AWS CLI and rclone (apt-get install awscli rclone)" >&2; exit 2; }

work="${work:-$(mktemp -d "${TMPDIR:-/tmp}/obs-module-bench.XXXXXX")}"
mkdir -p "$work/home"; : > "$work/home/config"; : > "$work/home/credentials"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

ak=MALOCALACCESSKEY0001
sk=malocal-secret-key-not-for-production
dotnet "$service" --urls http://127.0.0.1:0 --data-root "$work/root" > "$work/service.out" 2> "$work/service.err" &
pid=$!
url=""
for _ in $(seq 1 300); do
    url="$(sed -n 's/^ModelArts local service listening on //p' "$work/service.out" | head -1)"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "the service did not start" >&2; exit 1; }
mkdir -p "$work/root/obs/bench"

echo "preparing: $big_mb MB file and $files files of 4 KB in $work" >&2
head -c $((big_mb * 1024 * 1024)) /dev/urandom > "$work/big.bin"
mkdir -p "$work/small"
for i in $(seq 1 "$files"); do head -c 4096 /dev/urandom > "$work/small/f$i.bin"; done
sync

# Every client sees only what is set here; /usr/bin/time reports its peak resident memory (KB) on fd 3.
run() {
    env -i PATH="$PATH" HOME="$work/home" DOTNET_CLI_HOME="$work/home" DOTNET_NOLOGO=1 \
        AWS_ACCESS_KEY_ID=$ak AWS_SECRET_ACCESS_KEY=$sk AWS_DEFAULT_REGION=local-1 AWS_EC2_METADATA_DISABLED=true \
        AWS_CONFIG_FILE="$work/home/config" AWS_SHARED_CREDENTIALS_FILE="$work/home/credentials" \
        RCLONE_CONFIG_L_TYPE=s3 RCLONE_CONFIG_L_PROVIDER=Other RCLONE_CONFIG_L_ENDPOINT="$url" RCLONE_CONFIG_L_REGION=local-1 \
        RCLONE_CONFIG_L_ACCESS_KEY_ID=$ak RCLONE_CONFIG_L_SECRET_ACCESS_KEY=$sk RCLONE_CONFIG_L_FORCE_PATH_STYLE=true \
        /usr/bin/time -o "$work/rss" -f %M timeout 1800 "$@" > /dev/null
}
ma() { # Copy-MaObsItem in a fresh pwsh (start-up included, as for the other tools)
    # The repo's pwsh is a local dotnet tool: it needs the real HOME (its NuGet cache), nothing else of the caller's.
    (cd "$repo" && env -i PATH="$PATH" HOME="$HOME" DOTNET_NOLOGO=1 /usr/bin/time -o "$work/rss" -f %M timeout 1800 dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'; \
        Connect-MaSession -Endpoint '$url' -AccessKey $ak -SecretKey (ConvertTo-SecureString '$sk' -AsPlainText -Force) -ProjectName local-1; \
        \$ProgressPreference = 'SilentlyContinue'; Copy-MaObsItem $* -ThrottleLimit 8 -ErrorAction Stop" > /dev/null)
}
declare -A secs rss
measure() { # name command...
    local name="$1"; shift
    sync
    local start end
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    secs[$name]=$(echo "$end - $start" | bc -l)
    rss[$name]=$(tail -1 "$work/rss")
    echo "$name: ${secs[$name]} s, ${rss[$name]} KB" >&2
}
same() { cmp -s "$1" "$2" || { echo "$2 differs from $1" >&2; exit 1; }; }
same_tree() { diff -r "$1" "$2" > /dev/null || { echo "$2 differs from $1" >&2; exit 1; }; }

measure "big up: Copy-MaObsItem" ma "'$work/big.bin'" "'obs://bench/ma/big.bin'"
measure "big up: aws s3 cp" run "$aws" --endpoint-url "$url" s3 cp --only-show-errors "$work/big.bin" s3://bench/aws/big.bin
measure "big up: rclone copyto" run "$rclone" copyto "$work/big.bin" l:bench/rclone/big.bin
measure "big down: Copy-MaObsItem" ma "'obs://bench/ma/big.bin'" "'$work/ma-big.bin'"
measure "big down: aws s3 cp" run "$aws" --endpoint-url "$url" s3 cp --only-show-errors s3://bench/aws/big.bin "$work/aws-big.bin"
measure "big down: rclone copyto" run "$rclone" copyto l:bench/rclone/big.bin "$work/rclone-big.bin"
same "$work/big.bin" "$work/ma-big.bin"; same "$work/big.bin" "$work/aws-big.bin"; same "$work/big.bin" "$work/rclone-big.bin"
measure "small up: Copy-MaObsItem" ma "'$work/small'" "'obs://bench/ma/small'" -Recurse
measure "small up: aws s3 cp" run "$aws" --endpoint-url "$url" s3 cp --recursive --only-show-errors "$work/small" s3://bench/aws/small/
measure "small up: rclone copy" run "$rclone" copy "$work/small" l:bench/rclone/small
measure "small down: Copy-MaObsItem" ma "'obs://bench/ma/small/'" "'$work/ma-small'" -Recurse
measure "small down: aws s3 cp" run "$aws" --endpoint-url "$url" s3 cp --recursive --only-show-errors s3://bench/aws/small/ "$work/aws-small"
measure "small down: rclone copy" run "$rclone" copy l:bench/rclone/small "$work/rclone-small"
same_tree "$work/small" "$work/ma-small"; same_tree "$work/small" "$work/aws-small"; same_tree "$work/small" "$work/rclone-small"

{
    echo "# Copy-MaObsItem against the AWS CLI and rclone"
    echo
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, one run; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "One $big_mb MB file and $files files of 4 KB against the local service on loopback; every time includes the client's start-up."
    echo "Ratio = that tool's time / Copy-MaObsItem's (above 1: Copy-MaObsItem is faster). Peak memory = the client's maximum resident set."
    echo
    echo "| transfer | tool | seconds | ratio | peak MB |"
    echo "|---|---|---:|---:|---:|"
    for what in "big up" "big down" "small up" "small down"; do
        ours=${secs["$what: Copy-MaObsItem"]}
        for tool in "Copy-MaObsItem" "aws s3 cp" "rclone copyto" "rclone copy"; do
            key="$what: $tool"
            [ -n "${secs[$key]:-}" ] || continue
            printf '| %s | %s | %.2f | %.2f | %d |\n' "$what" "$tool" "${secs[$key]}" "$(echo "${secs[$key]} / $ours" | bc -l)" "$(( ${rss[$key]} / 1024 ))"
        done
    done
} | tee "$here/RESULTS.md"
