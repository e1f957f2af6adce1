# The one owner of the local service's plumbing, shared by the tests, the demo and the benchmarks: start, restart and
# stop the built service, connect the module to it, read its request log, set its faults and put files in its OBS.
Set-StrictMode -Version 3.0

$script:ListenPattern = '^ModelArts local service listening on (https?://\S+)$'
# The banner the service prints after the listening line; a configured secret or password is not echoed.
$script:BannerPatterns = [ordered]@{
    Project   = '^\s+project:\s+(?<name>\S+) \(id (?<id>[0-9a-f]+)\)$'
    AccessKey = '^\s+access key:\s+(?<value>\S+)$'
    SecretKey = '^\s+secret key:\s+(?:\(as configured\)|(?<value>\S+) \(built-in default)'
    User      = '^\s+user:\s+(?<user>\S+) in domain (?<domain>\S+), password (?:\(as configured\)|(?<password>\S+) \(built-in default\))$'
}

function Read-MaLocalBanner([string[]] $Lines, [string] $SecretKey, [string] $Password) {
    # Null until the whole banner is there: the user line is the last one every start prints.
    $found = @{}
    foreach ($name in $script:BannerPatterns.Keys) {
        $match = $Lines | ForEach-Object { [regex]::Match($_, $script:BannerPatterns[$name]) } | Where-Object Success | Select-Object -First 1
        if (-not $match) { return $null }
        $found[$name] = $match.Groups
    }
    $url = $Lines | ForEach-Object { [regex]::Match($_, $script:ListenPattern) } | Where-Object Success | Select-Object -First 1
    $secret = if ($SecretKey) { $SecretKey } else { $found.SecretKey['value'].Value }
    $userPassword = if ($Password) { $Password } else { $found.User['password'].Value }
    [pscustomobject]@{
        Url         = $url.Groups[1].Value
        Port        = ([uri]$url.Groups[1].Value).Port
        AccessKey   = $found.AccessKey['value'].Value
        SecretKey   = $secret
        ProjectId   = $found.Project['id'].Value
        ProjectName = $found.Project['name'].Value
        UserName    = $found.User['user'].Value
        Password    = $userPassword
        DomainName  = $found.User['domain'].Value
    }
}

function Start-MaLocalService {
    <#
    .SYNOPSIS
        Starts the local service (the built dll or the installed tool) on a loopback port (ephemeral unless -Port) with its
        own data root and waits for its banner.
    .OUTPUTS
        An object with the service's Url, Port, Process, DataRoot and the credentials its banner names.
    #>
    param(
        [string] $ServicePath = $env:MODELARTS_TEST_EMULATOR,
        [string[]] $ArgumentList = @(),
        [string] $DataRoot = (Join-Path ([IO.Path]::GetTempPath()) ("ma-local-" + [Guid]::NewGuid().ToString('n').Substring(0, 8))),
        [int] $Port = 0,
        # Set instead of the built-in defaults; the banner does not print configured secrets, so they are kept from here.
        [string] $SecretKey,
        [string] $Password,
        [int] $TimeoutSeconds = 60
    )
    $null = New-Item -ItemType Directory $DataRoot -Force
    $stdout = Join-Path $DataRoot 'service.out.log'
    $stderr = Join-Path $DataRoot 'service.err.log'
    # A restart reads the banner again from the same file: start from a clean one.
    Remove-Item $stdout -ErrorAction SilentlyContinue
    $secrets = @()
    if ($SecretKey) { $secrets += '--secret-key', $SecretKey }
    if ($Password) { $secrets += '--password', $Password }
    $arguments = @('--urls', "http://127.0.0.1:$Port", '--data-root', $DataRoot) + $secrets + $ArgumentList
    # The build's ModelArts.Emulator.dll runs on dotnet; the installed tool (modelarts-local) runs by itself.
    $file, $arguments = if ($ServicePath.EndsWith('.dll')) { 'dotnet', (@($ServicePath) + $arguments) } else { $ServicePath, $arguments }
    $process = Start-Process $file -ArgumentList $arguments -RedirectStandardOutput $stdout -RedirectStandardError $stderr -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($process.HasExited) {
            throw "The local service exited with code $($process.ExitCode): $(Get-Content $stderr -Raw)"
        }
        $banner = Read-MaLocalBanner @(Get-Content $stdout -ErrorAction SilentlyContinue) $SecretKey $Password
        if ($banner) {
            if (-not $banner.SecretKey -or -not $banner.Password) {
                Stop-MaLocalService -Service ([pscustomobject]@{ Process = $process; DataRoot = $DataRoot }) -KeepData
                throw 'The service runs with a configured secret key or password, which it does not print: pass them with -SecretKey and -Password.'
            }
            $banner | Add-Member -NotePropertyMembers ([ordered]@{
                    Process = $process; DataRoot = $DataRoot; ServicePath = $ServicePath; ArgumentList = $ArgumentList
                    ConfiguredSecretKey = $SecretKey; ConfiguredPassword = $Password
                }) -PassThru
            return
        }
        Start-Sleep -Milliseconds 100
    }
    Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
    throw "The local service did not print its banner within $TimeoutSeconds s: $(Get-Content $stdout -Raw)"
}

function Stop-MaLocalService {
    param([Parameter(Mandatory)] $Service, [switch] $KeepData, [switch] $Kill)
    if (-not $Service.Process.HasExited) {
        # -Force is SIGKILL on Unix: no shutdown code runs, as when the machine dies.
        Stop-Process -Id $Service.Process.Id -Force:$Kill -ErrorAction SilentlyContinue
        if (-not $Service.Process.WaitForExit(15000)) { Stop-Process -Id $Service.Process.Id -Force -ErrorAction SilentlyContinue }
    }
    if (-not $KeepData) { Remove-Item $Service.DataRoot -Recurse -Force -ErrorAction SilentlyContinue }
}

function Restart-MaLocalService {
    <# Stops the service (gracefully, or with SIGKILL when -Kill) and starts it again on the same port, data root and arguments. #>
    param([Parameter(Mandatory)] $Service, [switch] $Kill, [scriptblock] $WhileDown)
    Stop-MaLocalService -Service $Service -KeepData -Kill:$Kill
    if ($WhileDown) { & $WhileDown }
    $again = @{
        ServicePath = $Service.ServicePath; ArgumentList = $Service.ArgumentList; DataRoot = $Service.DataRoot; Port = $Service.Port
        SecretKey = $Service.ConfiguredSecretKey; Password = $Service.ConfiguredPassword
    }
    # The port can take a moment to be free again after the old process ended.
    for ($try = 1; ; $try++) {
        try { return Start-MaLocalService @again }
        catch { if ($try -ge 5) { throw } ; Start-Sleep -Milliseconds 200 }
    }
}

function Connect-MaLocalSession {
    <#
    .SYNOPSIS
        Connects the ModelArts module to the service with the access key it printed (default) or its IAM user (-Password).
        -Parameters adds Connect-MaSession parameters (TimeoutSec, MaximumRetryCount, ...). -TrainingApi is V1 unless
        told: the suites, the demo and the benchmarks written for v1 keep v1 sessions; the v2 suites ask for V2.
    #>
    param([Parameter(Mandatory)] $Service, [switch] $Password, [hashtable] $Parameters = @{}, [switch] $PassThru,
        [ValidateSet('V1', 'V2')] [string] $TrainingApi = 'V1')
    $common = @{ Endpoint = $Service.Url; Region = $Service.ProjectName; PassThru = $PassThru; TrainingApi = $TrainingApi } + $Parameters
    if ($Password) {
        $credential = [pscredential]::new($Service.UserName, (ConvertTo-SecureString $Service.Password -AsPlainText -Force))
        Connect-MaSession -Credential $credential -DomainName $Service.DomainName @common
    }
    else {
        $secretKey = ConvertTo-SecureString $Service.SecretKey -AsPlainText -Force
        Connect-MaSession -AccessKey $Service.AccessKey -SecretKey $secretKey -ProjectId $Service.ProjectId @common
    }
}

function Get-MaLocalRequestLog {
    <# What clients sent after request number -Since (the service's /_local/requests log, oldest first), without its /_local/ calls unless -IncludeLocal. #>
    param([Parameter(Mandatory)] $Service, [long] $Since = 0, [switch] $IncludeLocal)
    $requests = @((Invoke-RestMethod "$($Service.Url)/_local/requests?since=$Since" -TimeoutSec 30).requests)
    if ($IncludeLocal) { $requests } else { $requests | Where-Object { $_.path -notlike '/_local/*' } }
}

function Get-MaLocalRequestSeq {
    <# The number of the latest request the service logged (0 before any), the -Since of a later Get-MaLocalRequestLog. #>
    param([Parameter(Mandatory)] $Service, [long] $Since = 0)
    $requests = @(Get-MaLocalRequestLog -Service $Service -Since $Since -IncludeLocal)
    if ($requests.Count -eq 0) { $Since } else { [long]($requests | Measure-Object -Property seq -Maximum).Maximum }
}

function Set-MaLocalFault {
    <# Replaces the service's fault settings (error_rate, throttle_rate, drop_rate, hang_rate, latency_ms, seed, ...). #>
    param([Parameter(Mandatory)] $Service, [Parameter(Mandatory)] [hashtable] $Settings)
    $null = Invoke-RestMethod -Method Put "$($Service.Url)/_local/faults" -ContentType 'application/json' -Body ($Settings | ConvertTo-Json) -TimeoutSec 30
}

function Clear-MaLocalFault {
    param([Parameter(Mandatory)] $Service)
    $null = Invoke-RestMethod -Method Delete "$($Service.Url)/_local/faults" -TimeoutSec 30
}

function Set-MaLocalObject {
    <# Writes a file into the service's OBS (<data root>/obs/<bucket>/<key>), as an upload would. #>
    param([Parameter(Mandatory)] $Service, [Parameter(Mandatory)] [string] $Key, [string] $Content = '')
    $path = Join-Path $Service.DataRoot "obs/$Key"
    $null = New-Item -ItemType Directory (Split-Path $path) -Force
    # Scripts run on Linux: a Windows checkout's CRLF must not reach bash or python.
    [IO.File]::WriteAllText($path, $Content.Replace("`r`n", "`n"))
}

Export-ModuleMember -Function Start-MaLocalService, Stop-MaLocalService, Restart-MaLocalService, Connect-MaLocalSession,
    Get-MaLocalRequestLog, Get-MaLocalRequestSeq, Set-MaLocalFault, Clear-MaLocalFault, Set-MaLocalObject
