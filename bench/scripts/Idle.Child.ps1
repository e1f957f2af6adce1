<#
.SYNOPSIS
    Benchmark 4's baseline, run in a fresh pwsh: the module imported and connected, then idle (Start-Sleep) for
    -Seconds; the runner samples its CPU over the same window as the waiting process.
#>
param(
    [string] $ModulePath, [string] $LibPath, [string] $Url, [string] $ProjectId,
    [string] $UserName, [string] $Password, [string] $DomainName, [string] $AccessKey, [string] $SecretKey,
    [string] $MarkerPath, [int] $Seconds = 120,
    [string] $ResultPath
)
. (Join-Path $PSScriptRoot 'ChildCommon.ps1')
Connect-BenchSession
$null = Get-MaTrainingJob -Status Running | Select-Object -First 1
Set-Content -Path $MarkerPath -Value ([DateTime]::UtcNow.ToString('o'))
Start-Sleep -Seconds $Seconds
Write-ChildResult ([ordered]@{ Slept = $Seconds })
