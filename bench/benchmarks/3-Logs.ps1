# Benchmark 3: a job whose script prints 1,000,000 lines; Get-MaTrainingJobLog -Raw throughput vs a raw C# loop over the
# same paged aom-log API, and the peak working set of a fresh pwsh reading 100,000 vs 1,000,000 lines.

function Invoke-LogsBenchmark {
    param([Parameter(Mandatory)] $Context)
    $bigLines = $Context.Quick ? 100000 : 1000000
    $smallLines = $bigLines / 10
    $rounds = $Context.Quick ? 2 : 3
    $memoryRuns = $Context.Quick ? 1 : 2
    $service = Start-BenchService -Context $Context
    try {
        $small = New-BenchJob -Service $service -Name 'bench_log_small' -BootFile 'print_lines.py' -Parameters ([ordered]@{ lines = $smallLines })
        $big = New-BenchJob -Service $service -Name 'bench_log_big' -BootFile 'print_lines.py' -Parameters ([ordered]@{ lines = $bigLines })
        $generate = [Diagnostics.Stopwatch]::StartNew()
        $jobs = Wait-BenchJobStatus -Service $service -JobId $small.JobId, $big.JobId -Terminal -TimeoutSeconds 300 -IntervalSeconds 0.5
        $generateSeconds = $generate.Elapsed.TotalSeconds
        $notCompleted = @($jobs | Where-Object { [int]$_.status -ne 10 })
        if ($notCompleted) { throw "The log jobs did not complete: $(($notCompleted | ForEach-Object { "$($_.job_name) status $($_.status)" }) -join ', ')." }

        # The service adds its own lines ([ModelArts Service Log] …) to the script's: the expected count is the file's.
        $countLines = {
            param($job)
            $files = @(Get-ChildItem (Join-Path $service.DataRoot "jobs/$($job.JobId)/$($job.VersionId)/logs") -File)
            if ($files.Count -ne 1) { throw "Expected one log file for job $($job.JobId), found $($files.Count)." }
            [long][Linq.Enumerable]::Count([IO.File]::ReadLines($files[0].FullName))
        }
        $smallCount = & $countLines $small
        $bigCount = & $countLines $big

        $parameters = Get-BenchChildParameters -Context $Context -Service $service
        $healthUrl = "$($service.Url)/_local/health"
        $throughput = Invoke-BenchChild -Script (Join-Path $Context.BenchRoot 'scripts/LogsThroughput.Child.ps1') -TimeoutSeconds ($Context.Quick ? 120 : 400) -Parameters ($parameters + [ordered]@{
                JobId = $big.JobId; VersionId = $big.VersionId; WarmJobId = $small.JobId; WarmVersionId = $small.VersionId
                ExpectedLines = $bigCount; Rounds = $rounds
            })

        $memory = [ordered]@{ Small = [Collections.Generic.List[object]]::new(); Big = [Collections.Generic.List[object]]::new(); RawBig = [Collections.Generic.List[object]]::new() }
        for ($run = 0; $run -lt $memoryRuns; $run++) {
            foreach ($which in ($run % 2 -eq 0 ? @('Small', 'Big', 'RawBig') : @('RawBig', 'Big', 'Small'))) {
                $job = $which -eq 'Small' ? $small : $big
                $lines = $which -eq 'Small' ? $smallCount : $bigCount
                $memory[$which].Add((Invoke-BenchChild -Script (Join-Path $Context.BenchRoot 'scripts/LogsMemory.Child.ps1') -TimeoutSeconds 300 -Parameters ($parameters + [ordered]@{
                                JobId = $job.JobId; VersionId = $job.VersionId; ExpectedLines = $lines; Reader = ($which -eq 'RawBig' ? 'Raw' : 'Ours')
                            })))
            }
        }

        # For scale: the peak working set of pwsh itself, bare and after one Invoke-RestMethod call.
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $barePeak = [double](& $pwsh -NoProfile -NonInteractive -Command '[Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64') / 1MB
        $irmPeak = [double](& $pwsh -NoProfile -NonInteractive -Command "`$null = Invoke-RestMethod '$healthUrl'; `$p = [Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh(); `$p.PeakWorkingSet64") / 1MB
    }
    finally {
        Stop-MaLocalService $service
    }

    $ours = Get-BenchMedian $throughput.OursLinesPerSecond
    $raw = Get-BenchMedian $throughput.RawLinesPerSecond
    $rawBackward = Get-BenchMedian $throughput.RawBackwardLinesPerSecond
    $mb = 1MB
    $smallPeak = (Get-BenchMedian @($memory.Small | ForEach-Object { $_.PeakAfterBytes })) / $mb
    $bigPeak = (Get-BenchMedian @($memory.Big | ForEach-Object { $_.PeakAfterBytes })) / $mb
    $floor = (Get-BenchMedian @(@($memory.Small) + @($memory.Big) | ForEach-Object { $_.PeakBeforeBytes })) / $mb
    $rawPeak = (Get-BenchMedian @($memory.RawBig | ForEach-Object { $_.PeakAfterBytes })) / $mb
    $growth = $bigPeak - $smallPeak
    $flat = $growth -le [Math]::Max(10, 0.1 * $smallPeak)
    $label = { param($n) $n -ge 1000000 ? ('{0:0.#}M' -f ($n / 1000000)) : ('{0:0.#}k' -f ($n / 1000)) }
    $rows = @(
        New-BenchRow -Measure "Get-MaTrainingJobLog -Raw, $(& $label $bigLines) lines (lines/s) vs raw C# aom-log loop giving the same (oldest first, one page held)" -Ours (Format-BenchNumber $ours 0) -Baseline (Format-BenchNumber $raw 0) `
            -Ratio (Format-BenchNumber ($ours / $raw) 2) -Target '≥ 0.5×' -Met (($ours / $raw) -ge 0.5)
        New-BenchRow -Measure "… vs raw C# single backward pass (every line, pages newest first; context)" -Ours (Format-BenchNumber $ours 0) -Baseline (Format-BenchNumber $rawBackward 0) `
            -Ratio (Format-BenchNumber ($ours / $rawBackward) 2) -Target '' -Met $null
        New-BenchRow -Measure "Peak working set, $(& $label $smallLines) lines (MB); baseline: same pwsh before the read" -Ours (Format-BenchNumber $smallPeak 0) -Baseline (Format-BenchNumber $floor 0) `
            -Ratio (Format-BenchNumber ($smallPeak / $floor) 2) -Target '≤ 150 MB' -Met ($smallPeak -le 150)
        New-BenchRow -Measure "Peak working set, $(& $label $bigLines) lines (MB); baseline: a pwsh reading it with the raw C# loop" -Ours (Format-BenchNumber $bigPeak 0) -Baseline (Format-BenchNumber $rawPeak 0) `
            -Ratio (Format-BenchNumber ($bigPeak / $rawPeak) 2) -Target '≤ 150 MB' -Met ($bigPeak -le 150)
        New-BenchRow -Measure "Peak growth from $(& $label $smallLines) to $(& $label $bigLines) lines (MB)" -Ours (Format-BenchNumber $growth 1) -Baseline (Format-BenchNumber $smallPeak 0) `
            -Ratio (Format-BenchNumber ($bigPeak / $smallPeak) 2) -Target 'flat (≤ 10 MB or 10 %)' -Met $flat
    )
    $oursRequests = Get-BenchMedian @($throughput.OursRequests | ForEach-Object { [double]$_ })
    $notes = @(
        "The log: ``bench/jobs/print_lines.py`` wrote $bigLines lines of 64 characters (and a $smallLines-line job for the memory comparison and the warm-up); with the service's own lines the files hold $bigCount and $smallCount lines; both jobs ran in $(Format-BenchNumber $generateSeconds 1) s.",
        "Throughput: $rounds rounds, the order rotating; each read counts every line it gets and must get all of them. Ours: ``Get-MaTrainingJobLog -JobId -VersionId -Raw | & { process { `$c++ } }`` in a fresh pwsh. Raw (``RawLogReader.ReadInOrder``): one HttpClient, pages of 500 lines, each page's JSON parsed and its content split into line strings; to give the lines oldest first while holding one page, contract §5 leaves two passes: the tail, ``order=asc`` pages back to the first one, then ``order=desc`` pages forward. The backward-only loop (``ReadWhole``) reads each line once but gets the pages newest first; it shows what the second pass costs. Requests per read: ours $(Format-BenchNumber $oursRequests 0), raw in order $($throughput.RawRequests), raw backward $($throughput.RawBackwardRequests).",
        "Memory: peak working set (``Process.PeakWorkingSet64``, i.e. VmHWM) of a fresh pwsh that imports the module, connects, reads the whole log and counts the lines; median of $memoryRuns run(s) each. The same process's peak before the read (pwsh + module + connect + one call) was $(Format-BenchNumber $floor 0) MB; for scale, a bare ``pwsh -NoProfile -Command`` peaked at $(Format-BenchNumber $barePeak 0) MB and one that made a single ``Invoke-RestMethod`` call at $(Format-BenchNumber $irmPeak 0) MB. The raw baseline is a fresh pwsh (module imported and connected too) reading the $(& $label $bigLines)-line log with the raw C# loop."
    )
    New-BenchResult -Name 'Logs' -Title '3. Logs' -Rows $rows -Notes $notes -Raw ([ordered]@{ Throughput = $throughput; Memory = $memory; GenerateSeconds = $generateSeconds })
}
