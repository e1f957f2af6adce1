#!/usr/bin/env bash
# Copy-MaObsItem against the AWS CLI (aws s3 cp [--recursive]) and rclone on the same local OBS endpoint, in the
# same run: one large file and many small files, up and down, with each client's peak resident memory.
#
#   bench/obs-module/run.sh [--big-mb 1024] [--files 5000] [--work DIR] [--rounds 2] [--throttle N (Copy-MaObsItem -ThrottleLimit)]
#       [--output FILE (instead of bench/obs-module/RESULTS.md, for measurements that must not replace the committed figures)]
#
# Needs the built module and service (dotnet pwsh ./build.ps1), the repo's pwsh tool (dotnet tool restore), the AWS
# CLI, rclone and curl. Everything lives under one work folder (set up by bench/lib/obs-bench.sh), deleted at the end. Prints a Markdown table and writes
# it to bench/obs-module/RESULTS.md. Ratios are the other tool's time over Copy-MaObsItem's (above 1: we are faster).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
service="$repo/out/ModelArts.Emulator/ModelArts.Emulator.dll"
module="$repo/out/ModelArts/ModelArts.psd1"
big_mb=1024
mid_mb=100
files=5000
rounds=2
work=""
throttle=""
output="$here/RESULTS.md"
while [ $# -gt 0 ]; do
    case "$1" in
        --big-mb) big_mb="$2"; shift 2 ;;
        --files) files="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --throttle) throttle="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --output) output="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -f "$module" ] || { echo "build first: dotnet pwsh ./build.ps1" >&2; exit 2; }
aws="$(command -v aws || true)"; rclone="$(command -v rclone || true)"
[ -n "$aws" ] && [ -n "$rclone" ] || { echo "needs the AWS CLI and rclone (apt-get install awscli rclone)" >&2; exit 2; }

. "$here/../lib/obs-bench.sh"
obs_bench_start "$service" obs-module-bench "$work"
ak=$obs_bench_ak
sk=$obs_bench_sk
mkdir -p "$work/root/obs/bench"
obs_bench_files "$big_mb" "$files"
# The same bytes at a tenth of the size or less: a flat peak is the same for both.
head -c $((mid_mb * 1024 * 1024)) "$work/big.bin" > "$work/mid.bin"

# Every client sees only what is set here; /usr/bin/time reports its peak resident memory (KB) into "$work/rss".
run() {
    env -i PATH="$PATH" HOME="$work/home" DOTNET_CLI_HOME="$work/home" DOTNET_NOLOGO=1 \
        AWS_ACCESS_KEY_ID=$ak AWS_SECRET_ACCESS_KEY=$sk AWS_DEFAULT_REGION=local-1 AWS_EC2_METADATA_DISABLED=true \
        AWS_CONFIG_FILE="$work/home/config" AWS_SHARED_CREDENTIALS_FILE="$work/home/credentials" \
        RCLONE_CONFIG_L_TYPE=s3 RCLONE_CONFIG_L_PROVIDER=Other RCLONE_CONFIG_L_ENDPOINT="$url" RCLONE_CONFIG_L_REGION=local-1 \
        RCLONE_CONFIG_L_ACCESS_KEY_ID=$ak RCLONE_CONFIG_L_SECRET_ACCESS_KEY=$sk RCLONE_CONFIG_L_FORCE_PATH_STYLE=true \
        /usr/bin/time -o "$work/rss" -f "%M %U %S" timeout 1800 "$@" > /dev/null
}
# curl: one request, no multipart, the nearest a client gets to the service's own limit.
curl_aws() { run curl -sf --aws-sigv4 "aws:amz:local-1:s3" --user "$ak:$sk" "$@"; }
# pwsh itself, as a user starts it (not through the dotnet tool muxer); found once, from the repo's tool.
pwsh="$(cd "$repo" && dotnet pwsh -NoProfile -NonInteractive -Command '$PSHOME')/pwsh"
ma() { # Copy-MaObsItem in a fresh pwsh with the module's defaults: the whole time includes pwsh's start-up, the import
    # and Connect-MaSession, as the other tools' include theirs; the transfer alone is timed inside, into "$work/inner".
    (cd "$repo" && env -i PATH="$PATH" HOME="$work/home" DOTNET_NOLOGO=1 /usr/bin/time -o "$work/rss" -f "%M %U %S" timeout 1800 "$pwsh" -NoProfile -NonInteractive -Command "Import-Module '$module'; \
        Connect-MaSession -Endpoint '$url' -AccessKey $ak -SecretKey (ConvertTo-SecureString '$sk' -AsPlainText -Force) -ProjectName local-1; \
        \$ProgressPreference = 'SilentlyContinue'; \$watch = [Diagnostics.Stopwatch]::StartNew(); \
        \$null = Copy-MaObsItem $* ${throttle:+-ThrottleLimit $throttle} -ErrorAction Stop; \
        Set-Content '$work/inner' \$watch.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)" > /dev/null)
}
declare -A secs rss inner cpu
measure() { # name command...: keeps the best (lowest) time over the rounds, with that round's CPU; memory: the highest peak
    local name="$1"; shift
    sync
    rm -f "$work/inner"
    local start end took peak used
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    took=$(echo "$end - $start" | bc -l)
    read -r peak user system < <(tail -1 "$work/rss")
    used=$(echo "$user + $system" | bc -l)
    if [ -z "${secs[$name]:-}" ] || (( $(echo "$took < ${secs[$name]}" | bc -l) )); then
        secs[$name]=$took; cpu[$name]=$used
        if [ -f "$work/inner" ]; then inner[$name]=$(cat "$work/inner"); fi
    fi
    if [ -z "${rss[$name]:-}" ] || [ "$peak" -gt "${rss[$name]}" ]; then rss[$name]=$peak; fi
    echo "$name: $took s (${inner[$name]:--} s inside), CPU $used s, $peak KB" >&2
}
same() { cmp -s "$1" "$2" || { echo "$2 differs from $1" >&2; exit 1; }; }
same_tree() { diff -r "$1" "$2" > /dev/null || { echo "$2 differs from $1" >&2; exit 1; }; }

# The tools take turns within a round, so each sees the same load; best of the rounds (this machine is shared).
for round in $(seq 1 "$rounds"); do
    echo "round $round of $rounds" >&2
    rm -rf "$work"/*-big.bin "$work"/*-mid.bin "$work"/*-small
    measure "big up: curl PUT" curl_aws -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -T "$work/big.bin" "$url/bench/curl/big.bin"
    measure "big up: Copy-MaObsItem" ma "'$work/big.bin'" "'obs://bench/ma/big.bin'"
    measure "big up: aws s3 cp" run "$aws" --endpoint-url "$url" s3 cp --only-show-errors "$work/big.bin" s3://bench/aws/big.bin
    measure "big up: rclone copyto" run "$rclone" copyto "$work/big.bin" l:bench/rclone/big.bin --ignore-times
    measure "big down: curl GET" curl_aws -o "$work/curl-big.bin" "$url/bench/curl/big.bin"
    measure "big down: Copy-MaObsItem" ma "'obs://bench/ma/big.bin'" "'$work/ma-big.bin'"
    measure "big down: aws s3 cp" run "$aws" --endpoint-url "$url" s3 cp --only-show-errors s3://bench/aws/big.bin "$work/aws-big.bin"
    measure "big down: rclone copyto" run "$rclone" copyto l:bench/rclone/big.bin --ignore-times "$work/rclone-big.bin"
    for copy in curl ma aws rclone; do same "$work/big.bin" "$work/$copy-big.bin"; done
    rm -f "$work"/*-big.bin
    measure "mid up: Copy-MaObsItem" ma "'$work/mid.bin'" "'obs://bench/ma/mid.bin'"
    measure "mid down: Copy-MaObsItem" ma "'obs://bench/ma/mid.bin'" "'$work/ma-mid.bin'"
    same "$work/mid.bin" "$work/ma-mid.bin"
    measure "small up: Copy-MaObsItem" ma "'$work/small'" "'obs://bench/ma/small'" -Recurse
    measure "small up: aws s3 cp" run "$aws" --endpoint-url "$url" s3 cp --recursive --only-show-errors "$work/small" s3://bench/aws/small/
    measure "small up: rclone copy" run "$rclone" copy "$work/small" l:bench/rclone/small --ignore-times
    measure "small down: Copy-MaObsItem" ma "'obs://bench/ma/small/'" "'$work/ma-small'" -Recurse
    measure "small down: aws s3 cp" run "$aws" --endpoint-url "$url" s3 cp --recursive --only-show-errors s3://bench/aws/small/ "$work/aws-small"
    measure "small down: rclone copy" run "$rclone" copy l:bench/rclone/small "$work/rclone-small"
    same_tree "$work/small" "$work/ma-small"; same_tree "$work/small" "$work/aws-small"; same_tree "$work/small" "$work/rclone-small"
done

{
    echo "# Copy-MaObsItem against the AWS CLI and rclone"
    echo
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, best of $rounds rounds (the tools take turns in each); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "One $big_mb MB file (and a $mid_mb MB one, for the memory) and $files files of 4 KB against the local service on loopback;"
    echo "every time includes the client's start-up. Copy-MaObsItem runs with the module's defaults${throttle:+ but -ThrottleLimit $throttle}."
    echo "Ratio = that tool's time / Copy-MaObsItem's whole time (above 1: Copy-MaObsItem is faster); ratio to the transfer:"
    echo "that tool's time / Copy-MaObsItem's time inside pwsh, without pwsh's start-up, the import and Connect-MaSession (the"
    echo "other tools' own start-up still included). CPU = the client's user + system seconds in the best round (the service's"
    echo "not included): on a machine this loaded the steadier figure. Peak memory = the client's maximum resident set, highest round."
    echo "curl sends or reads the file in one request (no multipart, no start-up to speak of): the nearest to the service's own limit."
    echo
    echo "| transfer | tool | seconds | of it the transfer | ratio | ratio to the transfer | CPU s | peak MB |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    for what in "big up" "big down" "small up" "small down"; do
        ours=${secs["$what: Copy-MaObsItem"]}
        ours_inner=${inner["$what: Copy-MaObsItem"]}
        for tool in "Copy-MaObsItem" "aws s3 cp" "rclone copyto" "rclone copy" "curl PUT" "curl GET"; do
            key="$what: $tool"
            [ -n "${secs[$key]:-}" ] || continue
            part=""; [ -n "${inner[$key]:-}" ] && part=$(printf '%.2f' "${inner[$key]}")
            printf '| %s | %s | %.2f | %s | %.2f | %.2f | %.2f | %d |\n' "$what" "$tool" "${secs[$key]}" "$part" \
                "$(echo "${secs[$key]} / $ours" | bc -l)" "$(echo "${secs[$key]} / $ours_inner" | bc -l)" "${cpu[$key]}" "$(( ${rss[$key]} / 1024 ))"
        done
    done
    echo
    echo "| Copy-MaObsItem, peak MB | $mid_mb MB file | $big_mb MB file |"
    echo "|---|---:|---:|"
    printf '| upload | %d | %d |\n' "$(( ${rss["mid up: Copy-MaObsItem"]} / 1024 ))" "$(( ${rss["big up: Copy-MaObsItem"]} / 1024 ))"
    printf '| download | %d | %d |\n' "$(( ${rss["mid down: Copy-MaObsItem"]} / 1024 ))" "$(( ${rss["big down: Copy-MaObsItem"]} / 1024 ))"
} | tee "$output"
