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

# The raw loop that gives what the cmdlet gives (every line, oldest first, one page in memory): two passes.
function Read-Raw([long] $Job, [long] $Version, [string] $File) {
    $reader.ReadInOrder("$Url/v1/$ProjectId/training-jobs/$Job/versions/$Version", $File, $PageLines)
}

# The cheapest way to get every line at all: one backward pass, pages newest first (context only).
function Read-RawBackward([long] $Job, [long] $Version, [string] $File) {
    $reader.ReadWhole("$Url/v1/$ProjectId/training-jobs/$Job/versions/$Version", $File, $PageLines)
}

$file = Get-LogFile $JobId $VersionId
$warmFile = Get-LogFile $WarmJobId $WarmVersionId
# Warm-up on the smaller job: JIT, connection, token.
$null = Read-Ours $WarmJobId $WarmVersionId
$null = Read-Raw $WarmJobId $WarmVersionId $warmFile
$null = Read-RawBackward $WarmJobId $WarmVersionId $warmFile

$rates = [ordered]@{ Ours = [Collections.Generic.List[double]]::new(); Raw = [Collections.Generic.List[double]]::new(); RawBackward = [Collections.Generic.List[double]]::new() }
$requests = [ordered]@{ Ours = [Collections.Generic.List[long]]::new(); Raw = [Collections.Generic.List[long]]::new(); RawBackward = [Collections.Generic.List[long]]::new() }
$reads = [ordered]@{
    Ours        = { Read-Ours $JobId $VersionId }
    Raw         = { (Read-Raw $JobId $VersionId $file).Lines }
    RawBackward = { (Read-RawBackward $JobId $VersionId $file).Lines }
}
$methods = @($reads.Keys)
for ($round = 0; $round -lt $Rounds; $round++) {
    $order = @(for ($k = 0; $k -lt $methods.Count; $k++) { $methods[($k + $round) % $methods.Count] })
    foreach ($method in $order) {
        $read = Measure-BenchLogRead -Read $reads[$method] -ExpectedLines $ExpectedLines -What $method
        $rates[$method].Add($read.LinesPerSecond)
        $requests[$method].Add($read.Requests)
    }
}
Write-ChildResult ([ordered]@{
        OursLinesPerSecond = $rates.Ours; RawLinesPerSecond = $rates.Raw; RawBackwardLinesPerSecond = $rates.RawBackward
        OursRequests = $requests.Ours; RawRequests = $requests.Raw[0]; RawBackwardRequests = $requests.RawBackward[0]; LogFile = $file
    })
