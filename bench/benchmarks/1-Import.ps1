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

function Invoke-ImportBenchmark {
    param([Parameter(Mandatory)] $Context)
    $rounds = $Context.Quick ? 4 : 20
    $baselineCommand = 'exit'
    $oursCommand = "Import-Module '$($Context.ModulePath -replace "'", "''")'"
    # What a first cmdlet call costs on top of the import (not a target, shown for context).
    $firstCallCommand = "Import-Module '$($Context.ModulePath -replace "'", "''")'; `$null = Get-Command -Module ModelArts; try { `$null = Get-MaSession -ErrorAction SilentlyContinue } catch { }"

    # Warm the disk cache and the runtime's files for both.
    foreach ($i in 1..2) {
        $null = Measure-BenchPwshStart $baselineCommand
        $null = Measure-BenchPwshStart $oursCommand
        $null = Measure-BenchPwshStart $firstCallCommand
    }
    $baseline = [Collections.Generic.List[double]]::new()
    $ours = [Collections.Generic.List[double]]::new()
    $firstCall = [Collections.Generic.List[double]]::new()
    for ($round = 0; $round -lt $rounds; $round++) {
        if ($round % 2 -eq 0) {
            $baseline.Add((Measure-BenchPwshStart $baselineCommand))
            $ours.Add((Measure-BenchPwshStart $oursCommand))
            $firstCall.Add((Measure-BenchPwshStart $firstCallCommand))
        }
        else {
            $firstCall.Add((Measure-BenchPwshStart $firstCallCommand))
            $ours.Add((Measure-BenchPwshStart $oursCommand))
            $baseline.Add((Measure-BenchPwshStart $baselineCommand))
        }
    }
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
        New-BenchRow -Measure 'Import + Get-Command -Module + Get-MaSession (ms, context)' -Ours (Format-BenchNumber $firstMedian 0) -Baseline (Format-BenchNumber $baselineMedian 0) `
            -Ratio (Format-BenchNumber ($firstMedian / $baselineMedian) 2) -Target '' -Met $null
    )
    $notes = @(
        "$rounds rounds after 2 warm-up rounds; each round starts ``pwsh -NoProfile -NonInteractive -Command exit`` and ``… -Command ""Import-Module <psd1>""`` back to back, in alternating order.",
        "Difference of the medians: $(Format-BenchNumber ($oursMedian - $baselineMedian) 0) ms; paired differences ranged $(Format-BenchNumber (($paired | Measure-Object -Minimum).Minimum) 0) … $(Format-BenchNumber (($paired | Measure-Object -Maximum).Maximum) 0) ms."
    )
    New-BenchResult -Name 'Import' -Title '1. Import time' -Rows $rows -Notes $notes -Raw ([ordered]@{ BaselineMs = $baseline; OursMs = $ours; FirstCallMs = $firstCall })
}
