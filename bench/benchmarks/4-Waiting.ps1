# Benchmark 4: 100 running jobs waited on at once by `Get-MaTrainingJob -Status Running | Wait-MaTrainingJob` in a fresh
# pwsh: requests per job per poll round (from the service's request log) and the CPU the waiting process uses.
# The jobs (bench/jobs/wait_for_file.py) run until the runner creates a stop file, so the window is steady state.

function Get-BenchPollRounds {
    <#
    .SYNOPSIS
        Splits the requests seen in the window into poll rounds per job (see bench/README.md, "requests per job per poll round").
    .OUTPUTS
        Total requests, job-specific requests, list requests, rounds per job.
    #>
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Requests, [Parameter(Mandatory)] [long[]] $JobIds, [double] $GapSeconds = 0.5)
    $lastSeen = @{}
    $rounds = @{}
    foreach ($id in $JobIds) { $rounds[$id] = 0 }
    $listRequests = 0
    $jobRequests = 0
    foreach ($request in ($Requests | Sort-Object { [long]$_.seq })) {
        if ($request.path -match '/training-jobs/(\d+)(/|$)') {
            $id = [long]$Matches[1]
            $jobRequests++
            if (-not $rounds.ContainsKey($id)) { $rounds[$id] = 0 }
            if (-not $lastSeen.ContainsKey($id) -or ($request.Seen - $lastSeen[$id]) -ge $GapSeconds) { $rounds[$id]++ }
            $lastSeen[$id] = $request.Seen
        }
        elseif ($request.method -eq 'GET' -and $request.path -match '/training-jobs/?$') {
            # One list request observes every job's status at once: a round for each of them.
            $listRequests++
            foreach ($id in $JobIds) { $rounds[$id]++ }
        }
    }
    [pscustomobject]@{
        Total        = $Requests.Count
        JobRequests  = $jobRequests
        ListRequests = $listRequests
        Rounds       = $rounds
    }
}

function Invoke-WaitingBenchmark {
    param(
        [Parameter(Mandatory)] $Context,
        # For profiling: the waiting process's $ProgressPreference (the benchmark keeps the default, Continue).
        [string] $Progress = 'Continue',
        [int] $JobCount = ($Context.Quick ? 20 : 100),
        [int] $SettleSeconds = ($Context.Quick ? 8 : 10),
        [int] $WindowSeconds = ($Context.Quick ? 10 : 40)
    )
    $jobCount = $JobCount
    $settleSeconds = $SettleSeconds
    $windowSeconds = $WindowSeconds
    $service = Start-BenchService -Context $Context -ArgumentList @('--max-running-jobs', "$jobCount")
    $child = $null
    $idle = $null
    try {
        $stopFile = Join-Path $service.DataRoot 'stop-waiting'
        $maxSeconds = $settleSeconds + $windowSeconds + 240
        $bodies = [string[]]@(for ($i = 0; $i -lt $jobCount; $i++) {
                New-BenchJobBody -Service $service -Name ('bench_wait_{0:000}' -f $i) -BootFile 'wait_for_file.py' -Parameters ([ordered]@{ stop_file = $stopFile; max_seconds = $maxSeconds })
            })
        $created = [ModelArtsBench.JobSubmitter]::Submit("$($service.ApiBase)/training-jobs", $service.Token, $bodies, 16)
        $failed = @($created | Where-Object { $_.Status -ne 200 })
        if ($failed) { throw "$($failed.Count) of $jobCount creates failed, e.g. $($failed[0].Status) $($failed[0].Error)" }
        $jobIds = [long[]]@($created | ForEach-Object JobId)
        $null = Wait-BenchJobStatus -Service $service -JobId $jobIds -Status 8 -TimeoutSeconds 180 -IntervalSeconds 1

        $marker = Join-Path $service.DataRoot 'waiting.marker'
        $seq = Get-MaLocalRequestSeq -Service $service
        $parameters = Get-BenchChildParameters -Context $Context -Service $service
        $parameters.MarkerPath = $marker
        $parameters.ExpectedJobs = $jobCount
        $parameters.Progress = $Progress
        $resultPath = Join-Path $service.DataRoot 'wait-result.json'
        $parameters.ResultPath = $resultPath
        # The baseline: a pwsh with the module imported and connected that just sleeps, sampled over the same window.
        $idleMarker = Join-Path $service.DataRoot 'idle.marker'
        $idleParameters = Get-BenchChildParameters -Context $Context -Service $service
        $idleParameters.MarkerPath = $idleMarker
        $idleParameters.Seconds = $settleSeconds + $windowSeconds + 60
        $idleParameters.ResultPath = Join-Path $service.DataRoot 'idle-result.json'
        $idle = Start-BenchChild -Script (Join-Path $Context.BenchRoot 'scripts/Idle.Child.ps1') -Parameters $idleParameters
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path $idleMarker)) {
            if ($idle.Process.HasExited) { throw "The idle pwsh exited early: $($idle.Stderr.Result) $($idle.Stdout.Result)" }
            if ([DateTime]::UtcNow -gt $deadline) { throw 'The idle pwsh did not get ready within 60 s.' }
            Start-Sleep -Milliseconds 50
        }

        $child = Start-BenchChild -Script (Join-Path $Context.BenchRoot 'scripts/Wait.Child.ps1') -Parameters $parameters
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Test-Path $marker)) {
            if ($child.Process.HasExited) { throw "The waiting pwsh exited early: $($child.Stderr.Result) $($child.Stdout.Result)" }
            if ([DateTime]::UtcNow -gt $deadline) { throw 'The waiting pwsh did not start waiting within 60 s.' }
            Start-Sleep -Milliseconds 50
        }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $requests = [Collections.Generic.List[object]]::new()
        $cpuStart = $null; $wallStart = 0.0; $serviceCpuStart = 0.0
        while ($clock.Elapsed.TotalSeconds -lt $settleSeconds + $windowSeconds) {
            if ($child.Process.HasExited) { throw "The waiting pwsh exited while the jobs were still running: $($child.Stderr.Result) $($child.Stdout.Result)" }
            $now = $clock.Elapsed.TotalSeconds
            if ($null -eq $cpuStart -and $now -ge $settleSeconds) {
                $child.Process.Refresh(); $service.Process.Refresh(); $idle.Process.Refresh()
                $cpuStart = $child.Process.TotalProcessorTime.TotalSeconds
                $idleCpuStart = $idle.Process.TotalProcessorTime.TotalSeconds
                $serviceCpuStart = $service.Process.TotalProcessorTime.TotalSeconds
                $wallStart = $clock.Elapsed.TotalSeconds
            }
            $new = @(Get-MaLocalRequestLog -Service $service -Since $seq -IncludeLocal)
            $seen = $clock.Elapsed.TotalSeconds
            foreach ($request in $new) {
                $seq = [Math]::Max($seq, [long]$request.seq)
                if ($request.path -notlike '/_local*') { $requests.Add(($request | Select-Object *, @{ n = 'Seen'; e = { $seen } })) }
            }
            Start-Sleep -Milliseconds 250
        }
        $child.Process.Refresh(); $service.Process.Refresh(); $idle.Process.Refresh()
        $cpuEnd = $child.Process.TotalProcessorTime.TotalSeconds
        $idleCpuEnd = $idle.Process.TotalProcessorTime.TotalSeconds
        if ($idle.Process.HasExited) { throw 'The idle pwsh ended before the window did.' }
        $idle.Process.Kill($true)
        $serviceCpuEnd = $service.Process.TotalProcessorTime.TotalSeconds
        $wallEnd = $clock.Elapsed.TotalSeconds
        # Requests that arrived in the measured window only (the settle period is left out).
        $window = @($requests | Where-Object { $_.Seen -gt $wallStart -and $_.Seen -le $wallEnd })
        $allWaiting = @($requests)

        Set-Content -Path $stopFile -Value 'stop'
        $release = [Diagnostics.Stopwatch]::StartNew()
        $null = Wait-BenchChild -Child $child -TimeoutSeconds 180
        $releaseSeconds = $release.Elapsed.TotalSeconds
        $childResult = Get-Content $resultPath -Raw | ConvertFrom-Json
    }
    finally {
        if ($child -and -not $child.Process.HasExited) { $child.Process.Kill($true) }
        if ($idle -and -not $idle.Process.HasExited) { $idle.Process.Kill($true) }
        Stop-MaLocalService $service
    }

    $span = $wallEnd - $wallStart
    $cpuPercent = 100 * ($cpuEnd - $cpuStart) / $span
    $serviceCpuPercent = 100 * ($serviceCpuEnd - $serviceCpuStart) / $span
    $idleCpuPercent = 100 * ($idleCpuEnd - $idleCpuStart) / $span
    $polls = Get-BenchPollRounds -Requests $window -JobIds $jobIds
    $roundSum = ($polls.Rounds.Values | Measure-Object -Sum).Sum
    $perJobPerRound = $roundSum -gt 0 ? $polls.Total / $roundSum : [double]::NaN
    $polledJobs = @($polls.Rounds.Keys | Where-Object { $polls.Rounds[$_] -gt 0 -and $jobIds -contains $_ }).Count
    $medianRounds = Get-BenchMedian @($jobIds | ForEach-Object { [double]$polls.Rounds[$_] })
    $interval = $medianRounds -gt 0 ? $span / $medianRounds : [double]::NaN
    $whole = Get-BenchPollRounds -Requests $allWaiting -JobIds $jobIds
    $rows = @(
        New-BenchRow -Measure "Requests per job per poll round ($jobCount jobs)" -Ours (Format-BenchNumber $perJobPerRound 2) -Baseline '1' `
            -Ratio (Format-BenchNumber $perJobPerRound 2) -Target '≤ 1' -Met ($perJobPerRound -le 1)
        New-BenchRow -Measure 'CPU of the waiting pwsh (% of one core); baseline: an idle pwsh with the module' -Ours (Format-BenchNumber $cpuPercent 2) -Baseline (Format-BenchNumber $idleCpuPercent 2) `
            -Ratio ($idleCpuPercent -gt 0 ? (Format-BenchNumber ($cpuPercent / $idleCpuPercent) 1) : '') -Target '≤ 2 %' -Met ($cpuPercent -le 2)
        New-BenchRow -Measure 'Median poll interval per job (s, context)' -Ours (Format-BenchNumber $interval 1) -Baseline '' -Ratio '' -Target '' -Met $null
        New-BenchRow -Measure 'Requests per second to the service (context)' -Ours (Format-BenchNumber ($polls.Total / $span) 1) -Baseline '' -Ratio '' -Target '' -Met $null
        New-BenchRow -Measure 'CPU of the local service meanwhile (% of one core, context)' -Ours (Format-BenchNumber $serviceCpuPercent 2) -Baseline '' -Ratio '' -Target '' -Met $null
    )
    $notes = @(
        "$jobCount jobs of ``bench/jobs/wait_for_file.py`` running (service started with ``--max-running-jobs $jobCount``); a fresh pwsh runs ``Get-MaTrainingJob -Status Running | Wait-MaTrainingJob``. After a $settleSeconds s settle period the window is $(Format-BenchNumber $span 1) s; then the runner creates the stop file, every job completes, and the pipeline returned $($childResult.Returned) job(s) ($(@($childResult.Statuses) -join ', ')) $(Format-BenchNumber $releaseSeconds 1) s later, with $($childResult.Errors) error(s).",
        "In the window the service received $($polls.Total) requests: $($polls.JobRequests) naming one job, $($polls.ListRequests) job-list requests; $polledJobs of $jobCount jobs were polled, $(Format-BenchNumber $medianRounds 0) rounds per job (median). Whole wait including the settle period: $($whole.Total) requests.",
        "CPU = Δ TotalProcessorTime of the waiting process / Δ wall time over the window, sampled from outside (Write-Progress on, as a user would have it; output redirected). Over the whole pipeline, including the first list and set-up, the process used $(Format-BenchNumber $childResult.CpuSeconds 2) s CPU in $(Format-BenchNumber $childResult.Seconds 1) s."
    )
    New-BenchResult -Name 'Waiting' -Title '4. Waiting on 100 running jobs' -Rows $rows -Notes $notes -Raw ([ordered]@{
            Window = $span; CpuSeconds = $cpuEnd - $cpuStart; IdleCpuSeconds = $idleCpuEnd - $idleCpuStart; Requests = $polls.Total; JobRequests = $polls.JobRequests; ListRequests = $polls.ListRequests
            RoundsPerJob = @($jobIds | ForEach-Object { $polls.Rounds[$_] }); Child = $childResult; ReleaseSeconds = $releaseSeconds
            RequestPaths = @($window | Group-Object { $_.method + ' ' + ($_.path -replace '/\d+', '/{n}') } | ForEach-Object { "$($_.Count) $($_.Name)" })
        })
}
