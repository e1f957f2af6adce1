# The one set-up of the OBS benchmarks (bench/obs/run.sh, bench/obs-module/run.sh), sourced by both: a work folder on
# the disk being measured, the local service on a free loopback port with its data root inside it, the test files,
# and everything deleted on exit (big files included). Needs bash, dotnet and the built service.

obs_bench_ak=MALOCALACCESSKEY0001
obs_bench_sk=malocal-secret-key-not-for-production

# obs_bench_start SERVICE_DLL NAME [WORK]: sets work (WORK, or a new folder NAME.XXXXXX in $TMPDIR or /tmp), url and
# service_pid; the clients' home is "$work/home", with an empty AWS config and credentials file.
obs_bench_start() {
    local service="$1" name="$2"
    [ -f "$service" ] || { echo "no service at $service (build it: dotnet pwsh ./build.ps1)" >&2; exit 2; }
    work="${3:-$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")}"
    mkdir -p "$work/home"; : > "$work/home/config"; : > "$work/home/credentials"
    service_pid=""
    trap obs_bench_stop EXIT
    dotnet "$service" --urls http://127.0.0.1:0 --data-root "$work/root" > "$work/service.out" 2> "$work/service.err" &
    service_pid=$!
    url=""
    for _ in $(seq 1 300); do
        url="$(sed -n 's/^ModelArts local service listening on //p' "$work/service.out" | head -1)"
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { echo "the service did not start" >&2; cat "$work/service.err" >&2; exit 1; }
}

obs_bench_stop() {
    if [ -n "${service_pid:-}" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
    [ -n "${work:-}" ] && rm -rf "$work"
}

# obs_bench_files BIG_MB FILES: "$work/big.bin" of random bytes, and FILES files of 4 KB in "$work/small", 100 a folder.
obs_bench_files() {
    local big_mb="$1" files="$2" i
    echo "preparing: $big_mb MB file and $files files of 4 KB in $work" >&2
    head -c $((big_mb * 1024 * 1024)) /dev/urandom > "$work/big.bin"
    for i in $(seq 0 $((files - 1))); do
        [ $((i % 100)) -eq 0 ] && mkdir -p "$work/small/d$((i / 100))"
        head -c 4096 /dev/urandom > "$work/small/d$((i / 100))/f$i.bin"
    done
    sync
}
