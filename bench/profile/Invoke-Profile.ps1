#requires -Version 7.2
<#
.SYNOPSIS
    Where the time goes: the benchmarks' calls and log reads taken apart layer by layer (raw HTTP, the module's core
    with and without the diagnostics sink every cmdlet installs, the cmdlets' sync-over-async, the cmdlet itself,
    PowerShell's own floor). Writes bench/PROFILE.md.
.EXAMPLE
    dotnet pwsh bench/profile/Invoke-Profile.ps1 -ModulePath out/ModelArts/ModelArts.psd1 -ServicePath out/ModelArts.Emulator/ModelArts.Emulator.dll
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/ModelArts/ModelArts.psd1'),
    [string] $ServicePath = (Join-Path $PSScriptRoot '../../out/ModelArts.Emulator/ModelArts.Emulator.dll'),
    # The benchmarks' own C#, profile loops included, as built with the solution.
    [string] $BenchAssemblyPath = (Join-Path $PSScriptRoot '../bin/Release/net10.0/ModelArts.Bench.dll'),
    [int] $Calls = 1000,
    [int] $Rounds = 5,
    [int] $Lines = 200000,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../PROFILE.md')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ProgressPreference = 'SilentlyContinue'

$benchRoot = Split-Path $PSScriptRoot
$work = Join-Path ([IO.Path]::GetTempPath()) ("ma-profile-" + [Guid]::NewGuid().ToString('n').Substring(0, 8))
$null = New-Item -ItemType Directory $work
# Whatever happens below, the temporary folder goes (the inner finally stops the service first).
trap { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue; break }
# A snapshot of the build, as in Invoke-Benchmarks.ps1.
Copy-Item (Split-Path (Resolve-Path $ModulePath)) (Join-Path $work 'ModelArts') -Recurse
Copy-Item (Split-Path (Resolve-Path $ServicePath)) (Join-Path $work 'service') -Recurse
$ModulePath = Join-Path $work "ModelArts/$(Split-Path $ModulePath -Leaf)"
$ServicePath = Join-Path $work "service/$(Split-Path $ServicePath -Leaf)"

Import-Module $ModulePath
# After the module, so that the profile loops bind to the ModelArts.Core.dll it loaded.
$libPath = Join-Path $work 'ModelArts.Bench.dll'
Copy-Item (Resolve-Path $BenchAssemblyPath).Path $libPath
Add-Type -Path $libPath
Import-Module ([ModelArtsBench.Profile.WriteBenchNothingCommand].Assembly)
Import-Module (Join-Path $benchRoot 'BenchCommon.psm1')

function Median([double[]] $v) { Get-BenchMedian $v }
$context = [pscustomobject]@{ ServicePath = $ServicePath }
$service = Start-BenchService -Context $context
try {
    $job = New-BenchJob -Service $service -Name 'profile_calls' -BootFile 'hello.py'
    $logJob = New-BenchJob -Service $service -Name 'profile_log' -BootFile 'print_lines.py' -Parameters ([ordered]@{ lines = $Lines })
    $null = Wait-BenchJobStatus -Service $service -JobId $job.JobId, $logJob.JobId -Terminal -TimeoutSeconds 300 -IntervalSeconds 0.5
    $credential = [pscredential]::new($service.UserName, (ConvertTo-SecureString $service.Password -AsPlainText -Force))
    Connect-MaSession -Credential $credential -DomainName $service.DomainName -Endpoint $service.Url -IamEndpoint $service.Url -ProjectId $service.ProjectId -TrainingApi V1
    $client = [ModelArtsBench.Profile.CoreLoops]::Create($service.Url, $service.UserName, $service.Password, $service.DomainName, $service.ProjectId)
    $sink = [ModelArtsBench.Profile.CountingSink]::new()
    $raw = [ModelArtsBench.RawGetLoop]::new($service.Token)
    $jobUrl = [string[]]@("$($service.ApiBase)/training-jobs/$($job.JobId)/versions")
    $jobId = $job.JobId

    # --- Calls: µs per Get-MaTrainingJob -JobId, layer by layer.
    $layers = [ordered]@{
        'Raw HttpClient GET (string body)'                         = { $null = $raw.Run($jobUrl, $Calls); $null }
        'Core GetTrainingJobAsync, no diagnostics sink'            = { [ModelArtsBench.Profile.CoreLoops]::GetJob($client, $jobId, $null, $Calls, $null) }
        'Core GetTrainingJobAsync, with a sink (as in a cmdlet)'   = { [ModelArtsBench.Profile.CoreLoops]::GetJob($client, $jobId, $null, $Calls, $sink) }
        'Core, waited like a cmdlet''s Run() (WaitAny), events off'  = { $w = 0.0; [ModelArtsBench.Profile.CoreLoops]::GetJobLikeCmdlet($client, $jobId, $Calls, $false, [ref]$w) }
        'Core, waited like a cmdlet''s Run() (WaitAny), event per message' = { $w = 0.0; $r = [ModelArtsBench.Profile.CoreLoops]::GetJobLikeCmdlet($client, $jobId, $Calls, $true, [ref]$w); $script:wakeups = $w; $r }
        'Core, waited on one reused event set by a continuation (suggested fix)' = { [ModelArtsBench.Profile.CoreLoops]::GetJobReusedEvent($client, $jobId, $Calls) }
        'Get-MaTrainingJob -JobId (the cmdlet)'                    = { for ($i = 0; $i -lt $Calls; $i++) { $null = Get-MaTrainingJob -JobId $jobId }; $null }
        'Invoke-RestMethod with X-Auth-Token'                      = { $h = @{ 'X-Auth-Token' = $service.Token }; for ($i = 0; $i -lt $Calls; $i++) { $null = Invoke-RestMethod $jobUrl[0] -Headers $h }; $null }
        'Get-MaFlavor (served from the session cache, no HTTP)'    = { for ($i = 0; $i -lt $Calls; $i++) { $null = Get-MaFlavor }; $null }
        'Write-BenchNothing (a do-nothing binary cmdlet)'          = { for ($i = 0; $i -lt $Calls; $i++) { $null = Write-BenchNothing }; $null }
    }
    foreach ($layer in $layers.Values) { $null = & $layer }   # warm-up
    $callTimes = [ordered]@{}
    $callCpu = [ordered]@{}
    $callBytes = [ordered]@{}
    foreach ($name in $layers.Keys) { $callTimes[$name] = [Collections.Generic.List[double]]::new(); $callCpu[$name] = [Collections.Generic.List[double]]::new(); $callBytes[$name] = [Collections.Generic.List[double]]::new() }
    $self = [Diagnostics.Process]::GetCurrentProcess()
    for ($round = 0; $round -lt $Rounds; $round++) {
        $names = @($layers.Keys)
        for ($k = 0; $k -lt $names.Count; $k++) {
            $name = $names[($k + $round) % $names.Count]
            [GC]::Collect(); [GC]::WaitForPendingFinalizers()
            $self.Refresh(); $cpu = $self.TotalProcessorTime
            $bytes = [GC]::GetTotalAllocatedBytes($true)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $null = & $layers[$name]
            $callTimes[$name].Add($watch.Elapsed.TotalMilliseconds * 1000 / $Calls)
            $callBytes[$name].Add(([GC]::GetTotalAllocatedBytes($true) - $bytes) / 1KB / $Calls)
            # Client-side CPU per call (all threads of this process, the finalizer's included, once it has caught up).
            [GC]::Collect(); [GC]::WaitForPendingFinalizers()
            $self.Refresh(); $callCpu[$name].Add(($self.TotalProcessorTime - $cpu).TotalMilliseconds * 1000 / $Calls)
        }
    }
    $debugPerCall = $sink.DebugCount / [Math]::Max(1, ($Calls * ($Rounds + 1)))

    # --- Logs: lines/s reading the whole log, layer by layer.
    $versionUrl = "$($service.ApiBase)/training-jobs/$($logJob.JobId)/versions/$($logJob.VersionId)"
    $logFile = @((Invoke-BenchApi -Service $service -Path "/training-jobs/$($logJob.JobId)/versions/$($logJob.VersionId)/log/file-names").log_file_list)[0]
    $reader = [ModelArtsBench.RawLogReader]::new($service.Token)
    $logSink = [ModelArtsBench.Profile.CountingSink]::new()
    $lj = $logJob.JobId; $lv = $logJob.VersionId
    $logLayers = [ordered]@{
        'Raw C#, one backward pass (tail, then asc pages; pages newest first)' = { $reader.ReadWhole($versionUrl, $logFile, 500).Lines }
        'Raw C#, oldest first: back to the start (asc), then forward (desc)' = { $reader.ReadInOrder($versionUrl, $logFile, 500).Lines }
        'Core ReadJobLogAsync, no diagnostics sink'                        = { [ModelArtsBench.Profile.CoreLoops]::ReadLog($client, $lj, $lv, $null) }
        'Core ReadJobLogAsync, with a sink'                                = { [ModelArtsBench.Profile.CoreLoops]::ReadLog($client, $lj, $lv, $logSink) }
        'Core, consumed like the cmdlets'' Stream() (sink, AsTask, WaitAny)' = { [ModelArtsBench.Profile.CoreLoops]::ReadLogSyncOverAsync($client, $lj, $lv, $logSink) }
        'Get-MaTrainingJobLog -Raw | Out-Null'                             = { Get-MaTrainingJobLog -JobId $lj -VersionId $lv -Raw | Out-Null; -1 }
        'Get-MaTrainingJobLog -Raw | & { process { $c++ } } (benchmark 3)' = { Get-MaTrainingJobLog -JobId $lj -VersionId $lv -Raw | & { begin { $c = 0L } process { $c++ } end { $c } } }
        'Write-BenchNothing -Count N | & { process { $c++ } } (PowerShell floor)' = { Write-BenchNothing -Count $Lines | & { begin { $c = 0L } process { $c++ } end { $c } } }
    }
    $logTimes = [ordered]@{}
    $logBytes = [ordered]@{}
    $logCpu = [ordered]@{}
    foreach ($name in $logLayers.Keys) { $logTimes[$name] = [Collections.Generic.List[double]]::new(); $logBytes[$name] = [Collections.Generic.List[double]]::new(); $logCpu[$name] = [Collections.Generic.List[double]]::new(); $null = & $logLayers[$name] }
    $logRounds = [Math]::Max(2, [int]($Rounds / 2))
    for ($round = 0; $round -lt $logRounds; $round++) {
        foreach ($name in $logLayers.Keys) {
            [GC]::Collect(); [GC]::WaitForPendingFinalizers()
            $self.Refresh(); $cpu = $self.TotalProcessorTime
            $bytes = [GC]::GetTotalAllocatedBytes($true)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $count = & $logLayers[$name]
            $seconds = $watch.Elapsed.TotalSeconds
            $logBytes[$name].Add(([GC]::GetTotalAllocatedBytes($true) - $bytes) / $Lines)
            $self.Refresh(); $logCpu[$name].Add(($self.TotalProcessorTime - $cpu).TotalMilliseconds * 1000 / $Lines)
            if ($count -ge 0 -and [Math]::Abs($count - $Lines) -gt 10) { throw "$name read $count lines, expected about $Lines." }
            $logTimes[$name].Add($Lines / $seconds)
        }
    }
}
finally {
    Stop-MaLocalService $service
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

$sb = [Text.StringBuilder]::new()
$null = $sb.AppendLine('# Profile: where the time goes')
$null = $sb.AppendLine()
$null = $sb.AppendLine("Written by ``bench/profile/Invoke-Profile.ps1`` on $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC, load average at the end $((Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' '). One pwsh process, one local service; medians of $Rounds rounds (calls) and $logRounds rounds (logs), the layers alternating.")
$null = $sb.AppendLine()
$null = $sb.AppendLine("## $Calls sequential ``Get-MaTrainingJob -JobId`` (GET …/training-jobs/{id}/versions)")
$null = $sb.AppendLine()
$null = $sb.AppendLine('| Layer | µs per call (wall) | vs raw | client CPU µs per call | vs raw | KB allocated per call |')
$null = $sb.AppendLine('|---|---:|---:|---:|---:|---:|')
$rawMedian = Median $callTimes['Raw HttpClient GET (string body)']
$rawCpu = Median $callCpu['Raw HttpClient GET (string body)']
foreach ($name in $callTimes.Keys) {
    $m = Median $callTimes[$name]
    $c = Median $callCpu[$name]
    $kb = Get-BenchMedian $callBytes[$name]
    $null = $sb.AppendLine("| $name | $(Format-BenchNumber $m 0) | $(Format-BenchNumber ($m / $rawMedian) 2)× | $(Format-BenchNumber $c 0) | $(Format-BenchNumber ($c / $rawCpu) 2)× | $(Format-BenchNumber $kb 1) |")
}
$null = $sb.AppendLine()
$null = $sb.AppendLine("Waiting like a cmdlet with an event per diagnostic message woke the waiting thread $(Format-BenchNumber $script:wakeups 1) time(s) per call.")
$null = $sb.AppendLine("With a sink installed the core produced $(Format-BenchNumber $debugPerCall 1) debug message(s) per call, $(Format-BenchNumber ($sink.DebugChars / [Math]::Max(1, $sink.DebugCount)) 0) characters each on average, although nobody asked for -Debug.")
$null = $sb.AppendLine()
$null = $sb.AppendLine("## Whole log of $Lines lines")
$null = $sb.AppendLine()
$null = $sb.AppendLine('| Layer | lines/s | vs raw backward pass | client CPU µs per line | bytes allocated per line |')
$null = $sb.AppendLine('|---|---:|---:|---:|---:|')
$rawLog = Median $logTimes['Raw C#, one backward pass (tail, then asc pages; pages newest first)']
foreach ($name in $logTimes.Keys) {
    $m = Median $logTimes[$name]
    $null = $sb.AppendLine("| $($name -replace '\|', '\|') | $(Format-BenchNumber $m 0) | $(Format-BenchNumber ($m / $rawLog) 2)× | $(Format-BenchNumber (Get-BenchMedian $logCpu[$name]) 2) | $(Format-BenchNumber (Get-BenchMedian $logBytes[$name]) 0) |")
}
$null = $sb.AppendLine()
$null = $sb.AppendLine("Debug messages built while reading logs with a sink: $($logSink.DebugCount), $(Format-BenchNumber ($logSink.DebugChars / [Math]::Max(1, $logSink.DebugCount)) 0) characters each on average.")
$markdown = $sb.ToString()
# The hand-written analysis of a cmdlet's per-call cost, kept as it is (as LIMITS.md is in RESULTS.md).
$markdown = $markdown.TrimEnd() + [Environment]::NewLine + [Environment]::NewLine + (Get-Content (Join-Path $PSScriptRoot 'PerCall.md') -Raw)
Set-Content -Path $OutputPath -Value $markdown -Encoding utf8NoBOM
$markdown
