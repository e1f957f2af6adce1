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

function Write-ChildResult {
    param([Parameter(Mandatory)] $Result)
    $Result | ConvertTo-Json -Depth 10 | Set-Content -Path $ResultPath -Encoding utf8NoBOM
}
