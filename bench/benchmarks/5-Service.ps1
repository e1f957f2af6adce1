# Benchmark 5: the local service alone. GET throughput and latency with a load generator on loopback (closed loop at a
# fixed concurrency, and open loop at 5,000 req/s), against /_local/health as the HTTP-stack baseline; then 1,000 jobs
# created at once: all created, all complete, none lost, and the time to drain against running the same script directly.

function Invoke-ServiceBenchmark {
    param([Parameter(Mandatory)] $Context)
    $seconds = $Context.Quick ? 3 : 10
    $warmup = $Context.Quick ? 1 : 3
    $concurrency = 16
    $rate = 5000
    $jobCount = $Context.Quick ? 100 : 1000
    $parallel = 4
    $rows = [Collections.Generic.List[object]]::new()
    $notes = [Collections.Generic.List[string]]::new()
    $raw = [ordered]@{}

    # Part 1: GET throughput and latency.
    $service = Start-BenchService -Context $Context
    try {
        $job = New-BenchJob -Service $service -Name 'bench_service_get' -BootFile 'hello.py'
        $null = Wait-BenchJobStatus -Service $service -JobId $job.JobId -Terminal -TimeoutSeconds 120 -IntervalSeconds 0.5
        $health = "$($service.Url)/_local/health"
        $targets = [ordered]@{
            'GET job/resource-specs' = "$($service.ApiBase)/job/resource-specs?job_type=train"
            'GET training-jobs/{id}/versions/{id}' = "$($service.ApiBase)/training-jobs/$($job.JobId)/versions/$($job.VersionId)"
        }
        $null = [ModelArtsBench.LoadGenerator]::ClosedLoop($health, '', $concurrency, $warmup, 1)
        $baseline = [ModelArtsBench.LoadGenerator]::ClosedLoop($health, '', $concurrency, $warmup, $seconds)
        $raw.Health = $baseline
        foreach ($name in $targets.Keys) {
            $result = [ModelArtsBench.LoadGenerator]::ClosedLoop($targets[$name], $service.Token, $concurrency, $warmup, $seconds)
            $raw[$name] = $result
            if ($result.Errors -gt 0) { $notes.Add("$name (closed loop): $($result.Errors) failed requests, first: $($result.FirstError)") }
            $rows.Add((New-BenchRow -Measure "$name, closed loop ×$concurrency (req/s)" -Ours (Format-BenchNumber $result.RequestsPerSecond 0) -Baseline (Format-BenchNumber $baseline.RequestsPerSecond 0) `
                        -Ratio (Format-BenchNumber ($result.RequestsPerSecond / $baseline.RequestsPerSecond) 2) -Target '≥ 5,000 req/s' -Met ($result.RequestsPerSecond -ge 5000 -and $result.Errors -eq 0)))
            $rows.Add((New-BenchRow -Measure "$name, closed loop ×$concurrency p99 (ms, context)" -Ours (Format-BenchNumber $result.P99Ms 2) -Baseline (Format-BenchNumber $baseline.P99Ms 2) `
                        -Ratio (Format-BenchNumber ($result.P99Ms / $baseline.P99Ms) 2) -Target '' -Met $null))
        }
        $openName = 'GET training-jobs/{id}/versions/{id}'
        $openBaseline = [ModelArtsBench.LoadGenerator]::OpenLoop($health, '', $rate, $warmup, $seconds, 512)
        $open = [ModelArtsBench.LoadGenerator]::OpenLoop($targets[$openName], $service.Token, $rate, $warmup, $seconds, 512)
        $raw.OpenHealth = $openBaseline
        $raw.Open = $open
        $openOk = $open.Errors -eq 0 -and $open.Skipped -eq 0 -and $open.RequestsPerSecond -ge 0.97 * $rate
        $rows.Add((New-BenchRow -Measure "$openName, open loop at $rate req/s: p99 (ms)" -Ours (Format-BenchNumber $open.P99Ms 2) -Baseline (Format-BenchNumber $openBaseline.P99Ms 2) `
                    -Ratio (Format-BenchNumber ($open.P99Ms / $openBaseline.P99Ms) 2) -Target '≤ 10 ms at ≥ 5,000 req/s' -Met ($open.P99Ms -le 10 -and $openOk)))
        $rows.Add((New-BenchRow -Measure "$openName, open loop at $rate req/s: achieved (req/s, context)" -Ours (Format-BenchNumber $open.RequestsPerSecond 0) -Baseline (Format-BenchNumber $openBaseline.RequestsPerSecond 0) `
                    -Ratio '' -Target '' -Met $null))
        $notes.Add("Load generator: ``bench/service/LoadGenerator.cs`` (HttpClient, keep-alive, X-Auth-Token), in the runner's pwsh on the same 2 cores as the service. Closed loop: $concurrency workers back to back, $warmup s warm-up then $seconds s measured. Open loop: one request every 1/$rate s for $seconds s, latency counted from the scheduled send time (so queueing shows), at most 512 in flight (skipped: $($open.Skipped)). Baseline: ``GET /_local/health`` (no auth, no JSON work) the same way, i.e. Kestrel plus the service's middleware.")
        $notes.Add("Open loop p50/p90/p99/max: $(Format-BenchNumber $open.P50Ms 2) / $(Format-BenchNumber $open.P90Ms 2) / $(Format-BenchNumber $open.P99Ms 2) / $(Format-BenchNumber $open.MaxMs 1) ms; errors $($open.Errors).")
    }
    finally {
        Stop-MaLocalService $service
    }

    # Part 2: many jobs created at once.
    $service = Start-BenchService -Context $Context -ArgumentList @('--max-running-jobs', "$parallel")
    try {
        $bodies = [string[]]@(for ($i = 0; $i -lt $jobCount; $i++) { New-BenchJobBody -Service $service -Name ('bench_drain_{0:0000}' -f $i) -BootFile 'hello.py' })
        $drain = [Diagnostics.Stopwatch]::StartNew()
        $created = [ModelArtsBench.JobSubmitter]::Submit("$($service.ApiBase)/training-jobs", $service.Token, $bodies, 64)
        $createSeconds = $drain.Elapsed.TotalSeconds
        $ok = @($created | Where-Object { $_.Status -eq 200 -and $_.JobId -gt 0 })
        $distinct = @($ok | ForEach-Object JobId | Sort-Object -Unique).Count
        $failedCreates = @($created | Where-Object { $_.Status -ne 200 })
        if ($failedCreates) { $notes.Add("Create failures: $($failedCreates.Count), e.g. $($failedCreates[0].Status) $($failedCreates[0].Error)") }
        $timeout = $Context.Quick ? 90 : 400
        $deadline = [DateTime]::UtcNow.AddSeconds($timeout)
        $ids = [Collections.Generic.HashSet[long]]::new([long[]]@($ok | ForEach-Object JobId))
        $terminal = @(3, 5, 10, 11, 12, 13, 14, 16, 17, 21, 22)
        do {
            Start-Sleep -Milliseconds 500
            $listed = @(Get-BenchJobList -Service $service | Where-Object { $ids.Contains([long]$_.job_id) })
            $ended = @($listed | Where-Object { $terminal -contains [int]$_.status })
        } while ($ended.Count -lt $ids.Count -and [DateTime]::UtcNow -lt $deadline)
        $drainSeconds = $drain.Elapsed.TotalSeconds
        $completed = @($listed | Where-Object { [int]$_.status -eq 10 }).Count
        $statusCounts = ($listed | Group-Object status | ForEach-Object { "$($_.Count)× status $($_.Name)" }) -join ', '
        $missing = $ids.Count - $listed.Count
        $pythonCommand = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
        $hello = Join-Path $service.DataRoot 'obs/bench/code/hello.py'
        $directSeconds = [ModelArtsBench.DirectRunner]::Run($pythonCommand, @($hello, '--data_url={i}', '--train_url={i}'), (Join-Path $service.DataRoot 'direct'), $jobCount, $parallel, $timeout)
    }
    finally {
        Stop-MaLocalService $service
    }
    $allDone = $distinct -eq $jobCount -and $completed -eq $jobCount -and $missing -eq 0
    $rows.Add((New-BenchRow -Measure "$jobCount jobs created at once: created / completed / lost" -Ours "$distinct / $completed / $($jobCount - $completed)" -Baseline "$jobCount / $jobCount / 0" `
                -Ratio '' -Target 'all complete, none lost' -Met $allDone))
    $rows.Add((New-BenchRow -Measure "$jobCount jobs: time to drain (s) vs the same script run directly, $parallel at a time" -Ours (Format-BenchNumber $drainSeconds 1) -Baseline (Format-BenchNumber $directSeconds 1) `
                -Ratio (Format-BenchNumber ($drainSeconds / $directSeconds) 2) -Target '' -Met $null))
    $rows.Add((New-BenchRow -Measure "$jobCount creates at once, 64 in flight (s, context)" -Ours (Format-BenchNumber $createSeconds 2) -Baseline '' `
                -Ratio '' -Target '' -Met $null))
    $notes.Add("Drain: $jobCount create requests of ``bench/jobs/hello.py`` jobs sent with 64 in flight to a service started with ``--max-running-jobs $parallel``; then the job list is polled every 0.5 s until every job is terminal (limit $timeout s). Final statuses: $statusCounts. Time to drain runs from the first create to the poll that saw the last job end. Baseline: the same script started $jobCount times by ``DirectRunner`` ($parallel at a time, stdout to a file each).")

    $raw.Drain = [ordered]@{ Created = $distinct; Completed = $completed; Missing = $missing; CreateSeconds = $createSeconds; DrainSeconds = $drainSeconds; DirectSeconds = $directSeconds; Statuses = $statusCounts }
    New-BenchResult -Name 'Service' -Title '5. Local service' -Rows $rows -Notes $notes -Raw $raw
}
