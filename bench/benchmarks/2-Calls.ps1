# Benchmark 2: sequential Get-MaFlavor (and Get-MaTrainingJob -JobId) calls on the v1 and the v2 training API vs
# Invoke-RestMethod vs a raw HttpClient loop, against the local service, in one fresh child pwsh (bench/scripts/Calls.Child.ps1).

function Invoke-CallsBenchmark {
    param([Parameter(Mandatory)] $Context)
    # Short blocks, many rounds: on a loaded machine the load changes within seconds, and adjacent blocks share it.
    $calls = $Context.Quick ? 20 : 25
    $rounds = $Context.Quick ? 5 : 60
    $service = Start-BenchService -Context $Context
    try {
        $job = New-BenchJob -Service $service -Name 'bench_calls' -BootFile 'hello.py'
        $null = Wait-BenchJobStatus -Service $service -JobId $job.JobId -Terminal -TimeoutSeconds 120 -IntervalSeconds 0.5
        $parameters = Get-BenchChildParameters -Context $Context -Service $service
        $parameters.Calls = $calls
        $parameters.Rounds = $rounds
        $parameters.JobId = $job.JobId
        $data = Invoke-BenchChild -Script (Join-Path $Context.BenchRoot 'scripts/Calls.Child.ps1') -Parameters $parameters -TimeoutSeconds ($Context.Quick ? 120 : 600)
    }
    finally {
        Stop-MaLocalService $service
    }

    $rows = [Collections.Generic.List[object]]::new()
    $notes = [Collections.Generic.List[string]]::new()
    $notes.Add("Blocks of $calls sequential calls, $rounds rounds of one block per loop, the order of the loops rotating every round; figures are the median over rounds of µs per call, and each **ratio is the median over rounds of ours ÷ baseline within the same round** (adjacent blocks share the machine's load). The CPU rows are the whole process's CPU time per call (all threads, summed over every block of that loop). All three use the same IAM token (password session); the v1 rows read a v1 job, the v2 rows a v2 job made by `New-MaTrainingJob` in the same process.")
    # The median over rounds of ours ÷ baseline of the same round.
    function Get-PairedRatio($ours, $baseline) { Get-BenchMedian @(for ($i = 0; $i -lt @($ours).Count; $i++) { $ours[$i] / $baseline[$i] }) }
    foreach ($scenario in $data.Scenarios) {
        $ours = Get-BenchMedian $scenario.OursUs
        $irm = Get-BenchMedian $scenario.IrmUs
        $raw = Get-BenchMedian $scenario.RawUs
        $toIrm = Get-PairedRatio $scenario.OursUs $scenario.IrmUs
        $toRaw = Get-PairedRatio $scenario.OursUs $scenario.RawUs
        $rows.Add((New-BenchRow -Measure "$($scenario.Name) vs Invoke-RestMethod (µs/call)" -Ours (Format-BenchNumber $ours 0) -Baseline (Format-BenchNumber $irm 0) `
                    -Ratio (Format-BenchNumber $toIrm 2) -Target '≤ 0.5×' -Met ($toIrm -le 0.5)))
        $rows.Add((New-BenchRow -Measure "$($scenario.Name) vs raw HttpClient loop (µs/call)" -Ours (Format-BenchNumber $ours 0) -Baseline (Format-BenchNumber $raw 0) `
                    -Ratio (Format-BenchNumber $toRaw 2) -Target '≤ 1.5×' -Met ($toRaw -le 1.5)))
        if (@($scenario.OursAkSkUs).Count -gt 0) {
            $akSk = Get-BenchMedian $scenario.OursAkSkUs
            $rows.Add((New-BenchRow -Measure "$($scenario.Name) with an AK/SK session vs raw loop (µs/call, context)" -Ours (Format-BenchNumber $akSk 0) -Baseline (Format-BenchNumber $raw 0) `
                        -Ratio (Format-BenchNumber (Get-PairedRatio $scenario.OursAkSkUs $scenario.RawUs) 2) -Target '' -Met $null))
        }
        $cpu = $scenario.CpuUs
        $rows.Add((New-BenchRow -Measure "$($scenario.Name): process CPU vs raw loop (µs/call, context)" -Ours (Format-BenchNumber $cpu.Ours 0) -Baseline (Format-BenchNumber $cpu.Raw 0) `
                    -Ratio (Format-BenchNumber ($cpu.Ours / $cpu.Raw) 2) -Target '' -Met $null))
        $rows.Add((New-BenchRow -Measure "$($scenario.Name): process CPU vs Invoke-RestMethod (µs/call, context)" -Ours (Format-BenchNumber $cpu.Ours 0) -Baseline (Format-BenchNumber $cpu.Irm 0) `
                    -Ratio (Format-BenchNumber ($cpu.Ours / $cpu.Irm) 2) -Target '' -Met $null))
        $sent = @($scenario.SentPerCall) -join '`, `'
        $notes.Add("``$($scenario.Name)``: one call sent $($scenario.RequestsPerCall) request(s) (``$sent``); over the timed loops it averaged $(Format-BenchNumber $scenario.OursRequestsPerCallMeasured 2) request(s) per call. The baselines sent: ``$(@($scenario.Uris | ForEach-Object { $_ -replace '^https?://[^/]+', '' }) -join '`, `')`` per iteration. Before its timed rounds ran $($scenario.SettleRounds) untimed round(s) until the JIT was quiet; during them the JIT compiled $($scenario.JitMethods) method(s) in $(Format-BenchNumber $scenario.JitMs 0) ms.")
    }
    if ($data.AkSkError) { $notes.Add("The AK/SK variant was skipped: $($data.AkSkError)") }
    New-BenchResult -Name 'Calls' -Title '2. Sequential calls' -Rows $rows -Notes $notes -Raw $data
}
