# Benchmark 2: 500 sequential Get-MaFlavor (and Get-MaTrainingJob -JobId) calls vs Invoke-RestMethod vs a raw HttpClient
# loop, against the local service, in one fresh child pwsh (bench/scripts/Calls.Child.ps1).

function Invoke-CallsBenchmark {
    param([Parameter(Mandatory)] $Context)
    $calls = $Context.Quick ? 50 : 500
    $rounds = $Context.Quick ? 2 : 5
    $service = Start-BenchService -Context $Context
    try {
        $job = New-BenchJob -Service $service -Name 'bench_calls' -BootFile 'hello.py'
        $null = Wait-BenchJobStatus -Service $service -JobId $job.JobId -Terminal -TimeoutSeconds 120 -IntervalSeconds 0.5
        $parameters = Get-BenchChildParameters -Context $Context -Service $service
        $parameters.Calls = $calls
        $parameters.Rounds = $rounds
        $parameters.JobId = $job.JobId
        $parameters.VersionId = $job.VersionId
        $data = Invoke-BenchChild -Script (Join-Path $Context.BenchRoot 'scripts/Calls.Child.ps1') -Parameters $parameters -TimeoutSeconds ($Context.Quick ? 120 : 600)
    }
    finally {
        Stop-MaLocalService $service
    }

    $rows = [Collections.Generic.List[object]]::new()
    $notes = [Collections.Generic.List[string]]::new()
    $notes.Add("$calls sequential calls per loop, $rounds rounds, the order of the loops rotating every round; figures are the median over rounds of µs per call. All three use the same IAM token (password session).")
    foreach ($scenario in $data.Scenarios) {
        $ours = Get-BenchMedian $scenario.OursUs
        $irm = Get-BenchMedian $scenario.IrmUs
        $raw = Get-BenchMedian $scenario.RawUs
        $rows.Add((New-BenchRow -Measure "$($scenario.Name) vs Invoke-RestMethod (µs/call)" -Ours (Format-BenchNumber $ours 0) -Baseline (Format-BenchNumber $irm 0) `
                    -Ratio (Format-BenchNumber ($ours / $irm) 2) -Target '≤ 0.5×' -Met (($ours / $irm) -le 0.5)))
        $rows.Add((New-BenchRow -Measure "$($scenario.Name) vs raw HttpClient loop (µs/call)" -Ours (Format-BenchNumber $ours 0) -Baseline (Format-BenchNumber $raw 0) `
                    -Ratio (Format-BenchNumber ($ours / $raw) 2) -Target '≤ 2×' -Met (($ours / $raw) -le 2)))
        if (@($scenario.OursAkSkUs).Count -gt 0) {
            $akSk = Get-BenchMedian $scenario.OursAkSkUs
            $rows.Add((New-BenchRow -Measure "$($scenario.Name) with an AK/SK session vs raw loop (µs/call, context)" -Ours (Format-BenchNumber $akSk 0) -Baseline (Format-BenchNumber $raw 0) `
                        -Ratio (Format-BenchNumber ($akSk / $raw) 2) -Target '' -Met $null))
        }
        if ([int]$scenario.RequestsPerCall -eq 0) {
            $notes.Add("``$($scenario.Name)`` sent no request: the session answers it from its catalog cache (kept for a minute), so its rows compare a cache hit with an HTTP call. ``Get-MaTrainingJob -JobId`` is the row that measures the whole HTTP path.")
        }
        $sent = @($scenario.SentPerCall) -join '`, `'
        $notes.Add("``$($scenario.Name)``: one call sent $($scenario.RequestsPerCall) request(s) (``$sent``); over the timed loops it averaged $(Format-BenchNumber $scenario.OursRequestsPerCallMeasured 2) request(s) per call. The baselines sent: ``$(@($scenario.Uris | ForEach-Object { $_ -replace '^https?://[^/]+', '' }) -join '`, `')`` per iteration.")
    }
    if ($data.AkSkError) { $notes.Add("The AK/SK variant was skipped: $($data.AkSkError)") }
    New-BenchResult -Name 'Calls' -Title '2. Sequential calls' -Rows $rows -Notes $notes -Raw $data
}
