<#
.SYNOPSIS
    Benchmark 3 (memory), run in a fresh pwsh: reads one job's whole log with `Get-MaTrainingJobLog -Raw` (each line
    counted, none kept) and reports the process's peak working set, before and after the read. With -Reader Raw the
    same process reads it with the raw C# loop over the same API instead (the baseline): v1 aom-log, or with
    -TrainingApi V2 the v2 log of -V2Log (Paged: the line-paged log; Preview: preview, log URL and Range), its lines
    handed to the same counting script block.
#>
param(
    [string] $ModulePath, [string] $LibPath, [string] $Url, [string] $ProjectId,
    [string] $UserName, [string] $Password, [string] $DomainName, [string] $AccessKey, [string] $SecretKey,
    [string] $JobId, [long] $VersionId, [long] $ExpectedLines, [ValidateSet('Ours', 'Raw')] [string] $Reader = 'Ours',
    [ValidateSet('V1', 'V2')] [string] $TrainingApi = 'V1', [ValidateSet('Paged', 'Preview')] [string] $V2Log = 'Paged',
    [string] $ResultPath
)
. (Join-Path $PSScriptRoot 'ChildCommon.ps1')
Connect-BenchSession -TrainingApi $TrainingApi
$null = Get-MaTrainingJob -JobId $JobId -VersionId $VersionId
$self = [Diagnostics.Process]::GetCurrentProcess()
$self.Refresh()
$before = $self.PeakWorkingSet64
$watch = [Diagnostics.Stopwatch]::StartNew()
if ($Reader -eq 'Ours') {
    $count = Get-MaTrainingJobLog -JobId $JobId -VersionId $VersionId -Raw | & { begin { $c = 0L } process { $c++ } end { $c } }
}
elseif ($TrainingApi -eq 'V2') {
    $lines = Read-RawV2Log (Get-BenchToken) $JobId $V2Log -Lines
    $count = $lines | & { begin { $c = 0L } process { $c++ } end { $c } }
}
else {
    $token = Get-BenchToken
    $file = @((Invoke-RestMethod "$Url/v1/$ProjectId/training-jobs/$JobId/versions/$VersionId/log/file-names" -Headers @{ 'X-Auth-Token' = $token }).log_file_list)[0]
    $count = [ModelArtsBench.RawLogReader]::new($token).ReadWhole("$Url/v1/$ProjectId/training-jobs/$JobId/versions/$VersionId", $file, 500).Lines
}
$seconds = $watch.Elapsed.TotalSeconds
$self.Refresh()
if ($count -ne $ExpectedLines) { throw "Read $count lines, expected $ExpectedLines." }
Write-ChildResult ([ordered]@{
        Lines              = $count
        Seconds            = $seconds
        PeakBeforeBytes    = $before
        PeakAfterBytes     = $self.PeakWorkingSet64
        WorkingSetAfter    = $self.WorkingSet64
        ManagedHeapAfter   = [GC]::GetTotalMemory($false)
        Gen2Collections    = [GC]::CollectionCount(2)
    })
