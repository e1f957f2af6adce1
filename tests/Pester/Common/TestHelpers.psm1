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

function Connect-MaTestSession {
    <#
    .SYNOPSIS
        Connects the ModelArts module to a local service with its built-in AK/SK (default) or password.
        The suites written for v1 get a v1 session; the V2 suites ask for V2.
    #>
    param([Parameter(Mandatory)] $Service, [switch] $Password, [switch] $PassThru, [ValidateSet('V1', 'V2')] [string] $TrainingApi = 'V1')
    if ($Password) {
        $credential = [pscredential]::new($Service.UserName, (ConvertTo-SecureString $Service.Password -AsPlainText -Force))
        Connect-MaSession -Endpoint $Service.Url -Credential $credential -DomainName $Service.DomainName -Region $Service.ProjectName -PassThru:$PassThru -TrainingApi $TrainingApi
    }
    else {
        $secretKey = ConvertTo-SecureString $Service.SecretKey -AsPlainText -Force
        Connect-MaSession -Endpoint $Service.Url -AccessKey $Service.AccessKey -SecretKey $secretKey -ProjectId $Service.ProjectId -PassThru:$PassThru -TrainingApi $TrainingApi
    }
}

function Set-MaTestObject {
    <#
    .SYNOPSIS
        Writes a file into the local service's OBS (<data root>/obs/<bucket>/<key>), as an upload would.
    #>
    param([Parameter(Mandatory)] $Service, [Parameter(Mandatory)] [string] $Key, [string] $Content = '')
    $path = Join-Path $Service.DataRoot "obs/$Key"
    $null = New-Item -ItemType Directory (Split-Path $path) -Force
    Set-Content -LiteralPath $path -Value $Content -NoNewline
}

function Invoke-PwshText {
    <#
    .SYNOPSIS
        Runs a command in a new non-interactive pwsh process (no profile) and returns everything it printed, as text.
        For what only the host shows (-WhatIf messages); output objects are better read with Invoke-FreshPwsh.
    #>
    param([Parameter(Mandatory)] [string] $Command, [int] $TimeoutSeconds = 120)
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $start = [Diagnostics.ProcessStartInfo]::new($pwsh)
    foreach ($argument in '-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-Command', $Command) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.Environment['NO_COLOR'] = '1'
    $process = [Diagnostics.Process]::Start($start)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "pwsh did not finish within $TimeoutSeconds s." }
    $stdout + $stderr.Result
}

Export-ModuleMember -Function Start-MaLocalService, Stop-MaLocalService, Get-MaLocalRequestLog, Invoke-FreshPwsh, Connect-MaTestSession, Set-MaTestObject, Invoke-PwshText
