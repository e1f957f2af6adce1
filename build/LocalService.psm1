# Starts and stops the built local ModelArts service; shared by the tests, the demo and the benchmarks.
Set-StrictMode -Version 3.0

$script:ListenPattern = '^ModelArts local service listening on (https?://\S+)$'

function Start-MaLocalService {
    <#
    .SYNOPSIS
        Starts the local service on an ephemeral loopback port with its own data root and waits until it listens.
    .OUTPUTS
        An object with the service's Url, Process, DataRoot and the built-in credentials it accepts.
    #>
    param(
        [string] $ServicePath = $env:MODELARTS_TEST_EMULATOR,
        [string[]] $ArgumentList = @(),
        [string] $DataRoot = (Join-Path ([IO.Path]::GetTempPath()) ("ma-local-" + [Guid]::NewGuid().ToString('n').Substring(0, 8))),
        [int] $TimeoutSeconds = 60
    )
    $null = New-Item -ItemType Directory $DataRoot -Force
    $stdout = Join-Path $DataRoot 'service.out.log'
    $stderr = Join-Path $DataRoot 'service.err.log'
    $arguments = @($ServicePath, '--urls', 'http://127.0.0.1:0', '--data-root', $DataRoot) + $ArgumentList
    $process = Start-Process dotnet -ArgumentList $arguments -RedirectStandardOutput $stdout -RedirectStandardError $stderr -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($process.HasExited) {
            throw "The local service exited with code $($process.ExitCode): $(Get-Content $stderr -Raw)"
        }
        $line = Get-Content $stdout -ErrorAction SilentlyContinue | Where-Object { $_ -match $script:ListenPattern } | Select-Object -First 1
        if ($line -and $line -match $script:ListenPattern) {
            return [pscustomobject]@{
                Url         = $Matches[1]
                Process     = $process
                DataRoot    = $DataRoot
                AccessKey   = 'MALOCALACCESSKEY0001'
                SecretKey   = 'malocal-secret-key-not-for-production'
                ProjectId   = '0f1e2d3c4b5a69788796a5b4c3d2e1f0'
                ProjectName = 'local-1'
                UserName    = 'ma-user'
                Password    = 'ma-password'
                DomainName  = 'ma-domain'
            }
        }
        Start-Sleep -Milliseconds 100
    }
    Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
    throw "The local service did not report a listening address within $TimeoutSeconds s: $(Get-Content $stdout -Raw)"
}

function Stop-MaLocalService {
    param([Parameter(Mandatory)] $Service, [switch] $KeepData)
    if (-not $Service.Process.HasExited) {
        Stop-Process -Id $Service.Process.Id -ErrorAction SilentlyContinue
        if (-not $Service.Process.WaitForExit(15000)) { Stop-Process -Id $Service.Process.Id -Force -ErrorAction SilentlyContinue }
    }
    if (-not $KeepData) { Remove-Item $Service.DataRoot -Recurse -Force -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Start-MaLocalService, Stop-MaLocalService
