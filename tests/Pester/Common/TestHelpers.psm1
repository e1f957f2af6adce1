# Shared by the Pester suites: a real local service per test file, and fresh pwsh processes.
Set-StrictMode -Version 3.0

# Start-MaLocalService / Stop-MaLocalService come from the build's shared module and are re-exported here.
Import-Module (Join-Path $PSScriptRoot '../../../build/LocalService.psm1') -Force

function Get-MaLocalRequestLog {
    <# The requests the local service received (its /_local/requests log), newest last. #>
    param([Parameter(Mandatory)] $Service, [long] $Since = 0)
    (Invoke-RestMethod "$($Service.Url)/_local/requests?since=$Since").requests
}

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
        Runs a script block in a new pwsh process (no profile) and returns its output objects.
    #>
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [object[]] $ArgumentList = @(), [int] $TimeoutSeconds = 120)
    $job = Start-Job -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
    try {
        if (-not (Wait-Job $job -Timeout $TimeoutSeconds)) { throw "The child pwsh did not finish within $TimeoutSeconds s." }
        Receive-Job $job -ErrorAction Stop
    }
    finally {
        Remove-Job $job -Force
    }
}

Export-ModuleMember -Function Start-MaLocalService, Stop-MaLocalService, Get-MaLocalRequestLog, Invoke-FreshPwsh
