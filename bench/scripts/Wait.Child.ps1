<#
.SYNOPSIS
    Benchmark 4, run in a fresh pwsh: `Get-MaTrainingJob -Status Running | Wait-MaTrainingJob` on all running jobs.
    Writes -MarkerPath just before the pipeline starts, so the runner knows when to start measuring.
#>
param(
    [string] $ModulePath, [string] $LibPath, [string] $Url, [string] $ProjectId,
    [string] $UserName, [string] $Password, [string] $DomainName, [string] $AccessKey, [string] $SecretKey,
    [string] $MarkerPath, [int] $ExpectedJobs, [string] $Progress = 'Continue',
    [string] $ResultPath
)
. (Join-Path $PSScriptRoot 'ChildCommon.ps1')
Connect-BenchSession
$ProgressPreference = $Progress
$self = [Diagnostics.Process]::GetCurrentProcess()
$cpu = $self.TotalProcessorTime
Set-Content -Path $MarkerPath -Value ([DateTime]::UtcNow.ToString('o'))
$watch = [Diagnostics.Stopwatch]::StartNew()
$final = @(Get-MaTrainingJob -Status Running | Wait-MaTrainingJob -ErrorAction SilentlyContinue -ErrorVariable waitErrors)
$seconds = $watch.Elapsed.TotalSeconds
$self.Refresh()
Write-ChildResult ([ordered]@{
        Returned   = $final.Count
        Statuses   = @($final | Group-Object { [string]$_.Status } | ForEach-Object { "$($_.Count) $($_.Name)" })
        Errors     = @($waitErrors).Count
        FirstError = (@($waitErrors) | Select-Object -First 1 | ForEach-Object { "$_" })
        Seconds    = $seconds
        CpuSeconds = ($self.TotalProcessorTime - $cpu).TotalSeconds
    })
