# Benchmark 1: the wall time of `pwsh -NoProfile -NonInteractive -Command "Import-Module <ModelArts.psd1>"` against
# `pwsh -NoProfile -NonInteractive -Command exit`, started alternately (the order flips every round).

function Measure-BenchPwshStart {
    <# Wall time in ms from Process.Start to exit of one pwsh run; throws if it fails. #>
    param([Parameter(Mandatory)] [string] $Command)
    $info = [Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')))
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($info)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit(60000)) {
        $process.Kill($true)
        throw "pwsh -Command '$Command' did not exit within 60 s."
    }
    $process.WaitForExit()
    $elapsed = $watch.Elapsed.TotalMilliseconds
    if ($process.ExitCode -ne 0 -or $stderr.Result) {
        throw "pwsh -Command '$Command' failed (exit code $($process.ExitCode)): $($stderr.Result) $($stdout.Result)"
    }
    $elapsed
}

function Measure-BenchImportInProcess {
    <# Milliseconds Import-Module itself takes inside a fresh pwsh (Measure-Command), without the process start. #>
    param([Parameter(Mandatory)] [string] $ModulePath)
    $command = "[Diagnostics.Stopwatch]::StartNew() | ForEach-Object { Import-Module '$($ModulePath -replace "'", "''")'; `$_.Elapsed.TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture) }"
    $output = & (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -Command $command
    if ($LASTEXITCODE -ne 0) { throw "Import-Module in a fresh pwsh failed: $output" }
    [double]::Parse(($output | Select-Object -Last 1), [Globalization.CultureInfo]::InvariantCulture)
}

function New-BenchTrivialModule {
    <#
    .SYNOPSIS
        A one-cmdlet binary module with a manifest (no format file): what importing any binary module costs PowerShell.
        Returns the path of its .psd1.
    #>
    param([Parameter(Mandatory)] [string] $Folder)
    $null = New-Item -ItemType Directory $Folder -Force
    $source = 'using System.Management.Automation; namespace BenchTrivial { [Cmdlet(VerbsCommon.Get, "BenchTrivial")] public sealed class GetBenchTrivialCommand : PSCmdlet { protected override void ProcessRecord() { WriteObject(1); } } }'
    Add-Type -TypeDefinition $source -OutputAssembly (Join-Path $Folder 'BenchTrivial.dll') -OutputType Library
    $manifest = Join-Path $Folder 'BenchTrivial.psd1'
    Set-Content -Path $manifest -Encoding utf8NoBOM -Value "@{ RootModule = 'BenchTrivial.dll'; ModuleVersion = '1.0.0'; GUID = '3f0d9a52-6c1e-4b7a-9d2f-0a1b2c3d4e5f'; CmdletsToExport = @('Get-BenchTrivial'); FunctionsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"
    $manifest
}

function Invoke-ImportBenchmark {
    param([Parameter(Mandatory)] $Context)
    $rounds = $Context.Quick ? 4 : 20
    $baselineCommand = 'exit'
    $oursCommand = "Import-Module '$($Context.ModulePath -replace "'", "''")'"
    $trivialPath = New-BenchTrivialModule -Folder (Join-Path $Context.WorkDir 'BenchTrivial')
    $trivialCommand = "Import-Module '$($trivialPath -replace "'", "''")'"
    # What a first cmdlet call costs on top of the import (not a target, shown for context).
    $firstCallCommand = "Import-Module '$($Context.ModulePath -replace "'", "''")'; `$null = Get-Command -Module ModelArts; try { `$null = Get-MaSession -ErrorAction SilentlyContinue } catch { }"

    # Warm the disk cache and the runtime's files for both.
    foreach ($i in 1..2) {
        $null = Measure-BenchPwshStart $baselineCommand
        $null = Measure-BenchPwshStart $oursCommand
        $null = Measure-BenchPwshStart $trivialCommand
        $null = Measure-BenchPwshStart $firstCallCommand
    }
    $baseline = [Collections.Generic.List[double]]::new()
    $ours = [Collections.Generic.List[double]]::new()
    $trivial = [Collections.Generic.List[double]]::new()
    $firstCall = [Collections.Generic.List[double]]::new()
    for ($round = 0; $round -lt $rounds; $round++) {
        if ($round % 2 -eq 0) {
            $baseline.Add((Measure-BenchPwshStart $baselineCommand))
            $ours.Add((Measure-BenchPwshStart $oursCommand))
            $trivial.Add((Measure-BenchPwshStart $trivialCommand))
            $firstCall.Add((Measure-BenchPwshStart $firstCallCommand))
        }
        else {
            $firstCall.Add((Measure-BenchPwshStart $firstCallCommand))
            $trivial.Add((Measure-BenchPwshStart $trivialCommand))
            $ours.Add((Measure-BenchPwshStart $oursCommand))
            $baseline.Add((Measure-BenchPwshStart $baselineCommand))
        }
    }
    $inProcess = [Collections.Generic.List[double]]::new()
    $inProcessTrivial = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt [Math]::Max(3, [int]($rounds / 2)); $i++) {
        $inProcess.Add((Measure-BenchImportInProcess -ModulePath $Context.ModulePath))
        $inProcessTrivial.Add((Measure-BenchImportInProcess -ModulePath $trivialPath))
    }
    $inProcessMedian = Get-BenchMedian $inProcess
    $inProcessTrivialMedian = Get-BenchMedian $inProcessTrivial
    $trivialMedian = Get-BenchMedian $trivial
    $pairedTrivial = for ($i = 0; $i -lt $rounds; $i++) { $ours[$i] - $trivial[$i] }
    $addedOverTrivial = Get-BenchMedian $pairedTrivial
    $baselineMedian = Get-BenchMedian $baseline
    $oursMedian = Get-BenchMedian $ours
    $firstMedian = Get-BenchMedian $firstCall
    # The added time is the median of the per-round differences (each pair ran back to back), which is steadier
    # than the difference of the medians; both are shown.
    $paired = for ($i = 0; $i -lt $rounds; $i++) { $ours[$i] - $baseline[$i] }
    $added = Get-BenchMedian $paired
    $rows = @(
        New-BenchRow -Measure 'pwsh start + Import-Module ModelArts (ms)' -Ours (Format-BenchNumber $oursMedian 0) -Baseline (Format-BenchNumber $baselineMedian 0) `
            -Ratio (Format-BenchNumber ($oursMedian / $baselineMedian) 2) -Target '' -Met $null
        New-BenchRow -Measure 'Added by the import (ms, median of paired differences)' -Ours (Format-BenchNumber $added 0) -Baseline '0' `
            -Ratio '' -Target '≤ 50 ms' -Met ($added -le 50)
        New-BenchRow -Measure 'Added over importing a trivial one-cmdlet binary module with a manifest (ms, context)' -Ours (Format-BenchNumber $addedOverTrivial 0) -Baseline (Format-BenchNumber ($trivialMedian - $baselineMedian) 0) `
            -Ratio '' -Target '' -Met $null
        New-BenchRow -Measure 'Import-Module alone, timed inside a fresh pwsh (ms, context); baseline: the trivial module' -Ours (Format-BenchNumber $inProcessMedian 0) -Baseline (Format-BenchNumber $inProcessTrivialMedian 0) `
            -Ratio (Format-BenchNumber ($inProcessMedian / $inProcessTrivialMedian) 2) -Target '' -Met $null
        New-BenchRow -Measure 'Import + Get-Command -Module + Get-MaSession (ms, context)' -Ours (Format-BenchNumber $firstMedian 0) -Baseline (Format-BenchNumber $baselineMedian 0) `
            -Ratio (Format-BenchNumber ($firstMedian / $baselineMedian) 2) -Target '' -Met $null
    )
    $notes = @(
        "$rounds rounds after 2 warm-up rounds; each round starts ``pwsh -NoProfile -NonInteractive -Command exit`` and ``… -Command ""Import-Module <psd1>""`` back to back, in alternating order.",
        "Difference of the medians: $(Format-BenchNumber ($oursMedian - $baselineMedian) 0) ms; paired differences ranged $(Format-BenchNumber (($paired | Measure-Object -Minimum).Minimum) 0) … $(Format-BenchNumber (($paired | Measure-Object -Maximum).Maximum) 0) ms.",
        "The trivial module (compiled by the runner: one cmdlet, a manifest, no format file) shows what PowerShell itself spends on any binary module import in a fresh process; the rows against it show the share of ModelArts' own assemblies, manifest and format file."
    )
    New-BenchResult -Name 'Import' -Title '1. Import time' -Rows $rows -Notes $notes -Raw ([ordered]@{ BaselineMs = $baseline; OursMs = $ours; TrivialMs = $trivial; FirstCallMs = $firstCall; InProcessMs = $inProcess; InProcessTrivialMs = $inProcessTrivial })
}
