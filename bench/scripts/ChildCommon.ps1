# Dot-sourced by the child scripts: loads the module and the compiled baselines, connects, and offers small helpers.
# Expects the caller's parameters $ModulePath, $LibPath, $Url, $ProjectId, $UserName, $Password, $DomainName.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

Import-Module $ModulePath
Add-Type -Path $LibPath

function Connect-BenchSession {
    <# A password (IAM token) session, the same authentication the Invoke-RestMethod and HttpClient baselines use. #>
    $secure = ConvertTo-SecureString $Password -AsPlainText -Force
    $credential = [pscredential]::new($UserName, $secure)
    Connect-MaSession -Credential $credential -DomainName $DomainName -Endpoint $Url -IamEndpoint $Url -ProjectId $ProjectId
}

function Get-BenchToken {
    [ModelArtsBench.BenchHttp]::GetToken($Url, $UserName, $Password, $DomainName, $ProjectId)
}

function Get-ChildRequestLog {
    <# The service's request log after -Since, without the /_local/ admin calls. #>
    param([long] $Since = 0)
    @((Invoke-RestMethod "$Url/_local/requests?since=$Since" -TimeoutSec 30).requests | Where-Object { $_.path -notlike '/_local*' })
}

function Get-ChildLastSequence {
    param([long] $Since = 0)
    $all = @((Invoke-RestMethod "$Url/_local/requests?since=$Since" -TimeoutSec 30).requests)
    if ($all.Count -eq 0) { return $Since }
    [long]($all | Measure-Object -Property seq -Maximum).Maximum
}

function Write-ChildResult {
    param([Parameter(Mandatory)] $Result)
    $Result | ConvertTo-Json -Depth 10 | Set-Content -Path $ResultPath -Encoding utf8NoBOM
}
