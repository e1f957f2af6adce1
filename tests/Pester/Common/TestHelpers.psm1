# What the Pester suites share beyond the local service's plumbing (build/LocalService.psm1, re-exported here):
# fresh pwsh processes, pipelines in another runspace, waiting for a state, training scripts and figures.
Set-StrictMode -Version 3.0

Import-Module (Join-Path $PSScriptRoot '../../../build/LocalService.psm1') -Force

function Invoke-FreshPwsh {
    <# Runs a script block in a new pwsh process (no profile) and returns its output objects. #>
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

function Start-TestPipeline {
    <#
    .SYNOPSIS
        Runs a script block with the built module in another runspace of this process (the default session is shared),
        as a host runs a pipeline; its output collection fills while it runs.
    #>
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [object[]] $ArgumentList = @())
    $ps = [powershell]::Create()
    # One script, not a batch of statements: stopping and disposing a running batch crashes PowerShell itself.
    $null = $ps.AddScript("Import-Module '$env:MODELARTS_TEST_MODULE'`n& {$ScriptBlock} @args")
    foreach ($argument in $ArgumentList) { $null = $ps.AddArgument($argument) }
    $noInput = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $noInput.Complete()
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    [pscustomobject]@{ PowerShell = $ps; Output = $output; Handle = $ps.BeginInvoke($noInput, $output) }
}

function Receive-TestPipeline {
    <# Waits for a pipeline to end by itself (stopping it after the timeout) and returns its output and errors. #>
    param([Parameter(Mandatory)] $Pipeline, [int] $TimeoutSeconds = 120)
    try {
        if (-not $Pipeline.Handle.AsyncWaitHandle.WaitOne($TimeoutSeconds * 1000)) {
            $Pipeline.PowerShell.Stop()
            throw "The background command did not end within $TimeoutSeconds s."
        }
        # A terminating error of the pipeline surfaces here.
        $null = $Pipeline.PowerShell.EndInvoke($Pipeline.Handle)
        [pscustomobject]@{ Output = @($Pipeline.Output); Errors = @($Pipeline.PowerShell.Streams.Error) }
    }
    finally { $Pipeline.PowerShell.Dispose() }
}

function Stop-TestPipeline {
    <#
    .SYNOPSIS
        Does what Ctrl+C does (PowerShell.Stop runs StopProcessing). Returns whether the stop completed within the
        generous bound, how long it took, and the pipeline's state after it.
    #>
    param([Parameter(Mandatory)] $Pipeline, [int] $TimeoutSeconds = 30)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $stopping = $Pipeline.PowerShell.BeginStop($null, $null)
    $stopped = $stopping.AsyncWaitHandle.WaitOne($TimeoutSeconds * 1000)
    $result = [pscustomobject]@{ Stopped = $stopped; Seconds = $clock.Elapsed.TotalSeconds; State = "$($Pipeline.PowerShell.InvocationStateInfo.State)" }
    if ($stopped) { $Pipeline.PowerShell.Dispose() }
    $result
}

function Wait-TestCondition {
    <# Polls until the condition holds; the bound is generous, so that a loaded machine passes and only a hang fails. #>
    param([Parameter(Mandatory)] [scriptblock] $Condition, [int] $TimeoutSeconds = 120, [string] $Because = "$Condition")
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Not true within $TimeoutSeconds s: $Because" }
        Start-Sleep -Milliseconds 100
    }
}

function Write-TrainingScript {
    <#
        Writes obs://bkt/code/<Name> (a bash script) and the data and output folders; returns the New-MaTrainingJob arguments,
        with an engine and a flavor of the session's API (-TrainingApi V2: the v2 catalog's names).
    #>
    param([Parameter(Mandatory)] $Service, [string] $Name = 'train.sh', [string] $Content = 'true', [ValidateSet('V1', 'V2')] [string] $TrainingApi = 'V1')
    Set-MaLocalObject -Service $Service -Key "bkt/code/$Name" -Content ($Content + "`n")
    $null = New-Item -ItemType Directory (Join-Path $Service.DataRoot 'obs/bkt/data') -Force
    @{
        CodeDir = 'obs://bkt/code/'; BootFile = $Name; OutputPath = 'obs://bkt/out/'; Inputs = 'obs://bkt/data/'
        TrainInstanceType = $TrainingApi -eq 'V2' ? 'modelarts.vm.cpu.8u' : 'modelarts.vm.cpu.2u'; FrameworkType = 'PyTorch'
        FrameworkVersion = $TrainingApi -eq 'V2' ? 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64' : 'PyTorch-1.3.0-python3.6'
    }
}

function Write-Figure {
    <#
    .SYNOPSIS
        Records one figure of the suite (a measurement, never a pass/fail threshold) as "<name>: <value>": into the file
        build.ps1 names in MODELARTS_TEST_FIGURES and summarises at the end, or on the host when run without it.
    #>
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [AllowEmptyString()] $Value)
    $line = '{0}: {1}' -f $Name, $Value
    if ($env:MODELARTS_TEST_FIGURES) { Add-Content -LiteralPath $env:MODELARTS_TEST_FIGURES -Value $line }
    else { Write-Host "FIGURE $line" }
}

Export-ModuleMember -Function Invoke-FreshPwsh, Invoke-PwshText, Start-TestPipeline, Receive-TestPipeline, Stop-TestPipeline, Wait-TestCondition,
    Write-TrainingScript, Write-Figure,
    Start-MaLocalService, Stop-MaLocalService, Restart-MaLocalService, Connect-MaLocalSession, Get-MaLocalRequestLog, Get-MaLocalRequestSeq,
    Set-MaLocalFault, Clear-MaLocalFault, Set-MaLocalObject
