<#
.SYNOPSIS
    Benchmark 6 (throughput), run in a fresh pwsh: the whole log of one v2 job read with `Get-MaTrainingJobLog -Raw`
    vs a raw C# loop over the same v2 log API (-V2Log Paged: the line-paged log; Preview: preview, log URL and Range),
    alternating in rounds. Both count every line they get.
#>
param(
    [string] $ModulePath, [string] $LibPath, [string] $Url, [string] $ProjectId,
    [string] $UserName, [string] $Password, [string] $DomainName, [string] $AccessKey, [string] $SecretKey,
    [string] $TrainingApi = 'V2', [ValidateSet('Paged', 'Preview')] [string] $V2Log = 'Paged',
    [string] $JobId, [string] $WarmJobId, [long] $ExpectedLines, [int] $Rounds = 3,
    [string] $ResultPath
)
. (Join-Path $PSScriptRoot 'ChildCommon.ps1')
Connect-BenchSession -TrainingApi $TrainingApi
$token = Get-BenchToken

function Read-Ours([string] $Job) {
    Get-MaTrainingJobLog -JobId $Job -Raw | & { begin { $c = 0L } process { $c++ } end { $c } }
}

function Read-Raw([string] $Job) { Read-RawV2Log $token $Job $V2Log }

# Warm-up on the smaller job: JIT, connection, token.
$null = Read-Ours $WarmJobId
$null = Read-Raw $WarmJobId

$rates = [ordered]@{ Ours = [Collections.Generic.List[double]]::new(); Raw = [Collections.Generic.List[double]]::new() }
$oursRequests = [Collections.Generic.List[long]]::new()
$rawRequests = 0L
$seq = Get-MaLocalRequestSeq $LocalService
for ($round = 0; $round -lt $Rounds; $round++) {
    foreach ($method in ($round % 2 -eq 0 ? @('Ours', 'Raw') : @('Raw', 'Ours'))) {
        [GC]::Collect()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        if ($method -eq 'Ours') { $count = Read-Ours $JobId }
        else { $result = Read-Raw $JobId; $count = $result.Lines; $rawRequests = $result.Requests }
        $seconds = $watch.Elapsed.TotalSeconds
        if ($count -ne $ExpectedLines) { throw "$method read $count lines, expected $ExpectedLines." }
        $rates[$method].Add($count / $seconds)
        $sentSince = @(Get-MaLocalRequestLog $LocalService -Since $seq)
        $seq = Get-MaLocalRequestSeq $LocalService -Since $seq
        if ($method -eq 'Ours') { $oursRequests.Add($sentSince.Count) }
    }
}
Write-ChildResult ([ordered]@{
        OursLinesPerSecond = $rates.Ours; RawLinesPerSecond = $rates.Raw; OursRequests = $oursRequests; RawRequests = $rawRequests
    })
