# Helpers of the reliability and security suites (Faults, BadInput, Secrets, Cancellation): a service on a fixed
# loopback port that can be restarted or killed, fault settings, tiny training scripts and figures.
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

$script:Engine = @{ FrameworkType = 'PyTorch'; FrameworkVersion = 'PyTorch-1.3.0-python3.6' }

function Get-FreeTcpPort {
    <# A loopback port nobody listens on now, so a restarted service can come back on the same address. #>
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-PortService {
    <# Start-MaLocalService on a chosen port (a later --urls wins over the helper's port 0) and data root. #>
    param([int] $Port = (Get-FreeTcpPort), [string] $DataRoot, [string[]] $ArgumentList = @())
    $arguments = @('--urls', "http://127.0.0.1:$Port") + $ArgumentList
    $service = if ($DataRoot) { Start-MaLocalService -ArgumentList $arguments -DataRoot $DataRoot } else { Start-MaLocalService -ArgumentList $arguments }
    $service | Add-Member -NotePropertyName Port -NotePropertyValue $Port -PassThru |
        Add-Member -NotePropertyName Arguments -NotePropertyValue $ArgumentList -PassThru
}

function Restart-PortService {
    <# Stops the service (gracefully, or with SIGKILL when -Kill) and starts it again on the same port and data root. #>
    param([Parameter(Mandatory)] $Service, [switch] $Kill, [scriptblock] $WhileDown)
    if ($Kill) {
        # Stop-Process -Force is SIGKILL on Unix: no shutdown code runs.
        Stop-Process -Id $Service.Process.Id -Force -ErrorAction SilentlyContinue
        $null = $Service.Process.WaitForExit(10000)
    }
    else {
        Stop-MaLocalService -Service $Service -KeepData
    }
    if ($WhileDown) { & $WhileDown }
    # The same stdout file is read for the listening line: start from a clean one.
    Remove-Item (Join-Path $Service.DataRoot 'service.out.log') -ErrorAction SilentlyContinue
    for ($try = 1; ; $try++) {
        try { return Start-PortService -Port $Service.Port -DataRoot $Service.DataRoot -ArgumentList $Service.Arguments }
        catch { if ($try -ge 5) { throw } ; Start-Sleep -Milliseconds 200 }
    }
}

function Set-MaFault {
    param([Parameter(Mandatory)] $Service, [hashtable] $Settings)
    $null = Invoke-RestMethod -Method Put "$($Service.Url)/_local/faults" -ContentType 'application/json' -Body ($Settings | ConvertTo-Json)
}

function Clear-MaFault {
    param([Parameter(Mandatory)] $Service)
    $null = Invoke-RestMethod -Method Delete "$($Service.Url)/_local/faults"
}

function Get-LastRequestSeq {
    param([Parameter(Mandatory)] $Service)
    $log = @(Get-MaLocalRequestLog -Service $Service)
    if ($log.Count -eq 0) { 0 } else { [long]$log[-1].seq }
}

function Get-SentRequest {
    <# What clients sent after request number Since: the request log without the test's own /_local/ calls. #>
    param([Parameter(Mandatory)] $Service, [long] $Since = 0)
    @(Get-MaLocalRequestLog -Service $Service -Since $Since) | Where-Object { $_.path -notlike '/_local/*' }
}

function Write-TrainingScript {
    <# Writes obs://bkt/code/<Name> (a bash script) and the data and output folders; returns the New-MaTrainingJob arguments. #>
    param([Parameter(Mandatory)] $Service, [string] $Name = 'train.sh', [string] $Content = 'true')
    $code = Join-Path $Service.DataRoot 'obs/bkt/code'
    $null = New-Item -ItemType Directory $code, (Join-Path $Service.DataRoot 'obs/bkt/data') -Force
    [IO.File]::WriteAllText((Join-Path $code $Name), $Content.Replace("`r`n", "`n") + "`n")
    @{
        CodeDir = 'obs://bkt/code/'; BootFile = $Name; OutputPath = 'obs://bkt/out/'; Inputs = 'obs://bkt/data/'
        TrainInstanceType = 'modelarts.vm.cpu.2u'
    } + $script:Engine
}

function Connect-LocalService {
    <# An AK/SK session to the service, returned (and made the default); v1 unless asked for V2. #>
    param([Parameter(Mandatory)] $Service, [hashtable] $Extra = @{}, [ValidateSet('V1', 'V2')] [string] $TrainingApi = 'V1')
    $secret = ConvertTo-SecureString $Service.SecretKey -AsPlainText -Force
    Connect-MaSession -AccessKey $Service.AccessKey -SecretKey $secret -Endpoint $Service.Url -ProjectId $Service.ProjectId -Region $Service.ProjectName -PassThru -TrainingApi $TrainingApi @Extra
}

function Write-Figure {
    <# Prints one figure of the suite in a form easy to grep from a CI log: FIGURE <name>: <value>. #>
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] $Value)
    Write-Host ("FIGURE {0}: {1}" -f $Name, $Value)
}

Export-ModuleMember -Function Get-FreeTcpPort, Start-PortService, Restart-PortService, Set-MaFault, Clear-MaFault, Get-LastRequestSeq, Get-SentRequest,
    Write-TrainingScript, Connect-LocalService, Write-Figure, Start-MaLocalService, Stop-MaLocalService, Get-MaLocalRequestLog, Invoke-FreshPwsh
