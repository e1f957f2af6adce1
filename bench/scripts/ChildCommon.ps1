# Dot-sourced by the child scripts: loads the module and the compiled baselines, connects, and offers small helpers.
# Expects the caller's parameters $ModulePath, $LibPath, $Url, $ProjectId, $UserName, $Password, $DomainName.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '../../build/LocalService.psm1')
# What the request log functions of LocalService.psm1 need to know of the service.
$LocalService = [pscustomobject]@{ Url = $Url }
Add-Type -Path $LibPath

function Connect-BenchSession {
    <# A password (IAM token) session, the same authentication the Invoke-RestMethod and HttpClient baselines use. #>
    param([ValidateSet('V1', 'V2')] [string] $TrainingApi = 'V1')
    $secure = ConvertTo-SecureString $Password -AsPlainText -Force
    $credential = [pscredential]::new($UserName, $secure)
    Connect-MaSession -Credential $credential -DomainName $DomainName -Endpoint $Url -IamEndpoint $Url -ProjectId $ProjectId -TrainingApi $TrainingApi
}

function Get-BenchToken {
    [ModelArtsBench.BenchHttp]::GetToken($Url, $UserName, $Password, $DomainName, $ProjectId)
}

function Read-RawV2Log([string] $Token, [string] $Job, [ValidateSet('Paged', 'Preview')] [string] $V2Log, [switch] $Lines) {
    <#
    The raw C# loop over worker-0's v2 log: the line-paged log (pages of 500), or the preview and 1 MiB ranges of the
    log URL. It counts the lines in C# (a RawLogResult), or with -Lines returns the unread IEnumerable of its lines,
    for the caller to pipe straight from a variable (no function in between): each line a string in the pipeline,
    the work Get-MaTrainingJobLog -Raw does for its user.
    #>
    $jobUrl = "$Url/v2/$ProjectId/training-jobs/$Job"
    if ($V2Log -eq 'Paged') {
        $reader = [ModelArtsBench.RawLogReader]::new($Token)
        $Lines ? (, $reader.LinesInOrderV2("$jobUrl/logs/worker-0", 500)) : $reader.ReadInOrderV2("$jobUrl/logs/worker-0", 500)
    }
    else {
        $reader = [ModelArtsBench.RawPreviewLogReader]::new($Token)
        $Lines ? (, $reader.Lines("$jobUrl/tasks/worker-0", 1MB)) : $reader.ReadWhole("$jobUrl/tasks/worker-0", 1MB)
    }
}

function Measure-BenchLogRead {
    <#
    Times one whole-log read (-Read returns the lines it counted), which must count -ExpectedLines; returns its lines/s
    and the requests the service logged for it.
    #>
    param([Parameter(Mandatory)] [scriptblock] $Read, [Parameter(Mandatory)] [long] $ExpectedLines, [Parameter(Mandatory)] [string] $What)
    $seq = Get-MaLocalRequestSeq $LocalService
    [GC]::Collect()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $count = & $Read
    $seconds = $watch.Elapsed.TotalSeconds
    if ($count -ne $ExpectedLines) { throw "$What read $count lines, expected $ExpectedLines." }
    [pscustomobject]@{ LinesPerSecond = $count / $seconds; Requests = @(Get-MaLocalRequestLog $LocalService -Since $seq).Count }
}

function Write-ChildResult {
    param([Parameter(Mandatory)] $Result)
    $Result | ConvertTo-Json -Depth 10 | Set-Content -Path $ResultPath -Encoding utf8NoBOM
}
