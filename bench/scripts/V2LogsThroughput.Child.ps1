<#
.SYNOPSIS
    Benchmark 6 (throughput), run in a fresh pwsh: the whole log of one v2 job read with `Get-MaTrainingJobLog -Raw`
    vs a raw C# loop over the same v2 log API (-V2Log Paged: the line-paged log; Preview: preview, log URL and Range),
    alternating in rounds. Both hand every line to the same counting script block; the raw loop counting its lines
    in C# (no pipeline) is measured too, for context.
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

function Read-Raw([string] $Job) {
    $lines = Read-RawV2Log $token $Job $V2Log -Lines
    $lines | & { begin { $c = 0L } process { $c++ } end { $c } }
}

function Read-RawCounted([string] $Job) { (Read-RawV2Log $token $Job $V2Log).Lines }

# Warm-up on the smaller job: JIT, connection, token.
$null = Read-Ours $WarmJobId
$null = Read-Raw $WarmJobId
$null = Read-RawCounted $WarmJobId

$rates = [ordered]@{ Ours = [Collections.Generic.List[double]]::new(); Raw = [Collections.Generic.List[double]]::new(); RawCounted = [Collections.Generic.List[double]]::new() }
$requests = [ordered]@{ Ours = [Collections.Generic.List[long]]::new(); Raw = [Collections.Generic.List[long]]::new(); RawCounted = [Collections.Generic.List[long]]::new() }
$reads = [ordered]@{ Ours = { Read-Ours $JobId }; Raw = { Read-Raw $JobId }; RawCounted = { Read-RawCounted $JobId } }
for ($round = 0; $round -lt $Rounds; $round++) {
    foreach ($method in ($round % 2 -eq 0 ? @('Ours', 'Raw', 'RawCounted') : @('RawCounted', 'Raw', 'Ours'))) {
        $read = Measure-BenchLogRead -Read $reads[$method] -ExpectedLines $ExpectedLines -What $method
        $rates[$method].Add($read.LinesPerSecond)
        $requests[$method].Add($read.Requests)
    }
}
Write-ChildResult ([ordered]@{
        OursLinesPerSecond = $rates.Ours; RawLinesPerSecond = $rates.Raw; RawCountedLinesPerSecond = $rates.RawCounted
        OursRequests = $requests.Ours; RawRequests = $requests.Raw[0]
    })
