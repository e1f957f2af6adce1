<#
.SYNOPSIS
    Benchmark 3 (throughput), run in a fresh pwsh: the whole log of one job read with `Get-MaTrainingJobLog -Raw`
    vs a raw C# loop over the same paged aom-log API, alternating in rounds. Both count every line they get.
#>
param(
    [string] $ModulePath, [string] $LibPath, [string] $Url, [string] $ProjectId,
    [string] $UserName, [string] $Password, [string] $DomainName, [string] $AccessKey, [string] $SecretKey,
    [long] $JobId, [long] $VersionId, [long] $WarmJobId, [long] $WarmVersionId, [long] $ExpectedLines, [int] $Rounds = 3,
    [int] $PageLines = 500,
    [string] $ResultPath
)
. (Join-Path $PSScriptRoot 'ChildCommon.ps1')
Connect-BenchSession
$token = Get-BenchToken
$reader = [ModelArtsBench.RawLogReader]::new($token)

function Get-LogFile([long] $Job, [long] $Version) {
    $answer = Invoke-RestMethod "$Url/v1/$ProjectId/training-jobs/$Job/versions/$Version/log/file-names" -Headers @{ 'X-Auth-Token' = $token }
    @($answer.log_file_list)[0]
}

function Read-Ours([long] $Job, [long] $Version) {
    Get-MaTrainingJobLog -JobId $Job -VersionId $Version -Raw | & { begin { $c = 0L } process { $c++ } end { $c } }
}

function Read-Raw([long] $Job, [long] $Version, [string] $File) {
    $reader.ReadWhole("$Url/v1/$ProjectId/training-jobs/$Job/versions/$Version", $File, $PageLines)
}

$file = Get-LogFile $JobId $VersionId
$warmFile = Get-LogFile $WarmJobId $WarmVersionId
# Warm-up on the smaller job: JIT, connection, token.
$null = Read-Ours $WarmJobId $WarmVersionId
$null = Read-Raw $WarmJobId $WarmVersionId $warmFile

$ours = [Collections.Generic.List[double]]::new()
$raw = [Collections.Generic.List[double]]::new()
$oursRequests = [Collections.Generic.List[long]]::new()
$rawRequests = 0L
$seq = Get-ChildLastSequence
for ($round = 0; $round -lt $Rounds; $round++) {
    foreach ($method in ($round % 2 -eq 0 ? @('Ours', 'Raw') : @('Raw', 'Ours'))) {
        [GC]::Collect()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        if ($method -eq 'Ours') {
            $count = Read-Ours $JobId $VersionId
        }
        else {
            $result = Read-Raw $JobId $VersionId $file
            $count = $result.Lines
            $rawRequests = $result.Requests
        }
        $seconds = $watch.Elapsed.TotalSeconds
        if ($count -ne $ExpectedLines) { throw "$method read $count lines, expected $ExpectedLines." }
        if ($method -eq 'Ours') {
            $ours.Add($count / $seconds)
            $last = Get-ChildLastSequence -Since $seq
            $oursRequests.Add(@(Get-ChildRequestLog -Since $seq).Count)
            $seq = $last
        }
        else {
            $raw.Add($count / $seconds)
            $seq = Get-ChildLastSequence -Since $seq
        }
    }
}
Write-ChildResult ([ordered]@{ OursLinesPerSecond = $ours; RawLinesPerSecond = $raw; OursRequests = $oursRequests; RawRequests = $rawRequests; LogFile = $file })
