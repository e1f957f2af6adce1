#requires -Version 7.2
<#
.SYNOPSIS
    Runs the ModelArts benchmarks (issue 6) against the built module and a local service, and writes bench/RESULTS.md.
.DESCRIPTION
    Each benchmark measures ours and its baseline in the same run, alternating, and reports medians and their ratio
    against the target. See bench/README.md for what each one measures and how to read the figures.
    Exit code 0 when every selected benchmark ran to the end (whether or not it met its targets), 1 otherwise.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
    dotnet pwsh bench/Invoke-Benchmarks.ps1 -ModulePath out/ModelArts/ModelArts.psd1 -ServicePath out/ModelArts.Emulator/ModelArts.Emulator.dll -Quick
.EXAMPLE
    dotnet pwsh bench/Invoke-Benchmarks.ps1 -ModulePath out/ModelArts/ModelArts.psd1 -ServicePath out/ModelArts.Emulator/ModelArts.Emulator.dll -Only Calls, Logs
#>
[CmdletBinding()]
param(
    # The built module manifest (out/ModelArts/ModelArts.psd1).
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/ModelArts/ModelArts.psd1'),

    # The built local service (out/ModelArts.Emulator/ModelArts.Emulator.dll).
    [string] $ServicePath = (Join-Path $PSScriptRoot '../out/ModelArts.Emulator/ModelArts.Emulator.dll'),

    # The benchmarks' own C# as built with the solution (dotnet build bench/ModelArts.Bench.csproj -c Release).
    [string] $BenchAssemblyPath = (Join-Path $PSScriptRoot 'bin/Release/net10.0/ModelArts.Bench.dll'),

    # A smoke run with small counts (under ~2 minutes); writes bench/RESULTS.quick.md unless -OutputPath says otherwise.
    [switch] $Quick,

    # Runs only these benchmarks: Import, Calls, Logs, Waiting, Service (also as one comma-separated string, for pwsh -File).
    [string[]] $Only = @(),

    # Where the Markdown results go: bench/RESULTS.md for a full run of everything, bench/RESULTS.quick.md with -Quick,
    # bench/RESULTS.only.md with -Only (so a partial run never replaces the committed full figures).
    [string] $OutputPath,

    # Runs nothing: writes the Markdown again from the .json beside it (e.g. after LIMITS.md changed).
    [switch] $RenderOnly
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ProgressPreference = 'SilentlyContinue'

if ($RenderOnly) {
    if (-not $OutputPath) { $OutputPath = Join-Path $PSScriptRoot ($Quick ? 'RESULTS.quick.md' : 'RESULTS.md') }
    Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
    $saved = Get-Content ([IO.Path]::ChangeExtension($OutputPath, '.json')) -Raw | ConvertFrom-Json -AsHashtable
    $machine = [ordered]@{}
    foreach ($key in $saved.Machine.Keys) { $machine[$key] = $saved.Machine[$key] }
    $results = @(foreach ($r in $saved.Results) {
            $result = New-BenchResult -Name $r.Name -Title $r.Title -Notes @($r.Notes) -Failure ([string]$r.Failure) -Rows @(foreach ($row in $r.Rows) {
                    New-BenchRow -Measure $row.Measure -Ours $row.Ours -Baseline $row.Baseline -Ratio $row.Ratio -Target $row.Target -Met $row.Met
                })
            $result.Seconds = [double]$r.Seconds
            $result
        })
    $markdown = ConvertTo-BenchMarkdown -Results $results -Machine $machine -Mode $saved.Mode -TotalSeconds $saved.Seconds
    $limits = Join-Path $PSScriptRoot 'LIMITS.md'
    if (Test-Path $limits) { $markdown = $markdown.TrimEnd() + [Environment]::NewLine + [Environment]::NewLine + (Get-Content $limits -Raw) }
    Set-Content -Path $OutputPath -Value $markdown -Encoding utf8NoBOM
    Write-Host "Wrote $OutputPath from its .json."
    exit 0
}

$ModulePath = (Resolve-Path $ModulePath).Path
$ServicePath = (Resolve-Path $ServicePath).Path
if (-not $OutputPath) { $OutputPath = Join-Path $PSScriptRoot ($Quick ? 'RESULTS.quick.md' : ($Only ? 'RESULTS.only.md' : 'RESULTS.md')) }
$OutputPath = [IO.Path]::GetFullPath($OutputPath)

$clock = [Diagnostics.Stopwatch]::StartNew()
# Other work on the machine skews every figure: the load average is recorded at the start and the end.
$startLoad = (Test-Path /proc/loadavg) ? ((Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' ') : 'unknown'
$workDir = Join-Path ([IO.Path]::GetTempPath()) ("ma-bench-" + [Guid]::NewGuid().ToString('n').Substring(0, 8))
$null = New-Item -ItemType Directory $workDir

# Work on a snapshot of the built module and service, so that a rebuild of out/ during the run cannot change or break them.
$moduleCopy = Join-Path $workDir 'module/ModelArts'
$serviceCopy = Join-Path $workDir 'service'
$null = New-Item -ItemType Directory (Split-Path $moduleCopy) -Force
Copy-Item (Split-Path $ModulePath) $moduleCopy -Recurse
Copy-Item (Split-Path $ServicePath) $serviceCopy -Recurse
$builtModulePath = $ModulePath
$builtServicePath = $ServicePath
$ModulePath = Join-Path $moduleCopy (Split-Path $ModulePath -Leaf)
$ServicePath = Join-Path $serviceCopy (Split-Path $ServicePath -Leaf)

# The baselines (raw HttpClient loops, the load generator), snapshotted as well; the child pwsh processes load the same DLL.
$libPath = Join-Path $workDir 'ModelArts.Bench.dll'
Copy-Item (Resolve-Path $BenchAssemblyPath).Path $libPath
Add-Type -Path $libPath

Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
foreach ($file in Get-ChildItem (Join-Path $PSScriptRoot 'benchmarks') -Filter '*.ps1' | Sort-Object Name) { . $file.FullName }

$context = [pscustomobject]@{
    ModulePath  = $ModulePath
    ServicePath = $ServicePath
    LibPath     = $libPath
    WorkDir     = $workDir
    BenchRoot   = $PSScriptRoot
    Quick       = [bool]$Quick
}

$benchmarks = [ordered]@{
    Import  = @{ Title = '1. Import time'; Run = { param($c) Invoke-ImportBenchmark -Context $c } }
    Calls   = @{ Title = '2. Sequential calls'; Run = { param($c) Invoke-CallsBenchmark -Context $c } }
    Logs    = @{ Title = '3. Logs'; Run = { param($c) Invoke-LogsBenchmark -Context $c } }
    Waiting = @{ Title = '4. Waiting on 100 running jobs'; Run = { param($c) Invoke-WaitingBenchmark -Context $c } }
    Service = @{ Title = '5. Local service'; Run = { param($c) Invoke-ServiceBenchmark -Context $c } }
    V2Logs  = @{ Title = '6. v2 logs'; Run = { param($c) Invoke-V2LogsBenchmark -Context $c } }
}

$Only = @($Only | ForEach-Object { $_ -split '[,\s]+' } | Where-Object { $_ })
$unknown = @($Only | Where-Object { $benchmarks.Keys -notcontains $_ })
if ($unknown) { throw "Unknown benchmark(s) $($unknown -join ', '); choose from $($benchmarks.Keys -join ', ')." }

$mode = $Quick ? 'quick' : 'full'
Write-BenchLog "ModelArts benchmarks ($mode run) - module $builtModulePath, service $builtServicePath (run from a copy in $workDir)"
$results = [Collections.Generic.List[object]]::new()
foreach ($name in $benchmarks.Keys) {
    if ($Only.Count -gt 0 -and $Only -notcontains $name) { continue }
    $title = $benchmarks[$name].Title
    Write-BenchLog "== $title"
    $watch = [Diagnostics.Stopwatch]::StartNew()
    try {
        $result = & $benchmarks[$name].Run $context
    }
    catch {
        Write-BenchLog "   FAILED: $($_.Exception.Message)"
        Write-BenchLog "   at $($_.ScriptStackTrace -replace '\r?\n', ' | ')"
        $result = New-BenchResult -Name $name -Title $title -Failure $_.Exception.Message
    }
    $result.Seconds = $watch.Elapsed.TotalSeconds
    foreach ($row in $result.Rows) {
        $met = switch ($row.Met) { $true { 'met' } $false { 'MISSED' } default { '' } }
        Write-BenchLog ("   {0,-58} ours {1,-16} base {2,-16} ratio {3,-8} {4} {5}" -f $row.Measure, $row.Ours, $row.Baseline, $row.Ratio, $row.Target, $met)
    }
    $results.Add($result)
}

$machine = Get-BenchMachine
$machine.Insert(($machine.Count - 1), 'Load average (1/5/15 min) at the start', $startLoad)
$markdown = ConvertTo-BenchMarkdown -Results $results -Machine $machine -Mode $mode -TotalSeconds $clock.Elapsed.TotalSeconds
# The hand-written analysis of what limited the missed targets (from bench/profile), kept beside the figures.
$limits = Join-Path $PSScriptRoot 'LIMITS.md'
if (Test-Path $limits) { $markdown = $markdown.TrimEnd() + [Environment]::NewLine + [Environment]::NewLine + (Get-Content $limits -Raw) }
Set-Content -Path $OutputPath -Value $markdown -Encoding utf8NoBOM
$rawPath = [IO.Path]::ChangeExtension($OutputPath, '.json')
[ordered]@{ Machine = $machine; Mode = $mode; Seconds = $clock.Elapsed.TotalSeconds; Results = $results } |
    ConvertTo-Json -Depth 12 | Set-Content -Path $rawPath -Encoding utf8NoBOM
Write-BenchLog "Wrote $OutputPath and $rawPath in $(Format-BenchNumber $clock.Elapsed.TotalSeconds 0) s."

Remove-Item $workDir -Recurse -Force -ErrorAction SilentlyContinue
$failed = @($results | Where-Object { $_.Failure })
if ($failed.Count -gt 0) {
    Write-BenchLog "$($failed.Count) benchmark(s) did not run to the end: $(($failed | ForEach-Object Name) -join ', ')"
    exit 1
}
exit 0
