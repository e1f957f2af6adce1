# Helpers of the connection-settings suite: a real HTTP proxy (Debian's tinyproxy) with basic authentication and
# self-signed certificates for the local service over https. Everything listens on 127.0.0.1 only.
Set-StrictMode -Version 3.0

function Get-FreeTcpPort {
    <# A loopback port nobody listens on now, for the proxy to take. #>
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-MaTestTool([string] $Name) { [bool] (Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue) }

function Start-MaTestProxy {
    <#
    .SYNOPSIS
        Starts tinyproxy on a free loopback port with basic authentication; its log names every request it forwarded.
    #>
    param([Parameter(Mandatory)] [string] $Folder, [string] $UserName = 'proxy-user', [string] $Password = 'proxy-pass-1234')
    $null = New-Item -ItemType Directory $Folder -Force
    $port = Get-FreeTcpPort
    $log = Join-Path $Folder 'tinyproxy.log'
    $config = Join-Path $Folder 'tinyproxy.conf'
    # No User/Group lines: it runs as the test's user. No ConnectPort lines: CONNECT to any port (the service's).
    Set-Content -LiteralPath $config -Value @(
        "Port $port", 'Listen 127.0.0.1', 'Timeout 120', "LogFile `"$log`"", 'LogLevel Info', 'MaxClients 50',
        'Allow 127.0.0.1', "BasicAuth $UserName $Password", 'DisableViaHeader Yes')
    $process = Start-Process tinyproxy -ArgumentList '-d', '-c', $config -RedirectStandardOutput (Join-Path $Folder 'out.txt') -RedirectStandardError (Join-Path $Folder 'err.txt') -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($process.HasExited) { throw "tinyproxy exited with code $($process.ExitCode): $(Get-Content (Join-Path $Folder 'err.txt') -Raw)" }
        $client = [Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $port); break } catch { Start-Sleep -Milliseconds 100 } finally { $client.Dispose() }
    }
    [pscustomobject]@{
        Url        = "http://127.0.0.1:$port"
        Port       = $port
        Process    = $process
        Log        = $log
        UserName   = $UserName
        Password   = $Password
        Credential = [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))
    }
}

function Stop-MaTestProxy {
    param([Parameter(Mandatory)] $Proxy)
    if (-not $Proxy.Process.HasExited) {
        Stop-Process -Id $Proxy.Process.Id -ErrorAction SilentlyContinue
        $null = $Proxy.Process.WaitForExit(10000)
    }
}

function Get-MaTestProxyRequest {
    <#
    .SYNOPSIS
        The requests the proxy forwarded ("GET http://host:port/path" or "CONNECT host:port"), in order; with -All also
        those it refused (.NET first asks without credentials and sends them after the 407).
    .NOTES
        A forwarded request is one after which the proxy opened a connection onward; the calls under test are sequential.
    #>
    param([Parameter(Mandatory)] $Proxy, [switch] $All)
    if (-not (Test-Path $Proxy.Log)) { return @() }
    $pending = $null
    @(foreach ($line in Get-Content $Proxy.Log) {
        if ($line -match 'Request \(file descriptor \d+\): (\S+ \S+)') {
            if ($All) { $Matches[1] } else { $pending = $Matches[1] }
        }
        elseif (-not $All -and $pending -and $line -match 'opensock: opening connection') {
            $pending
            $pending = $null
        }
    })
}

function New-MaTestCertificate {
    <#
    .SYNOPSIS
        A self-signed certificate for 127.0.0.1 (PEM certificate and key files) made by openssl.
    #>
    param([Parameter(Mandatory)] [string] $Folder, [string] $Name = 'service', [string] $CommonName = '127.0.0.1', [string] $SubjectAltName = 'IP:127.0.0.1')
    $null = New-Item -ItemType Directory $Folder -Force
    $certificate = Join-Path $Folder "$Name.crt.pem"
    $key = Join-Path $Folder "$Name.key.pem"
    $output = & openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=$CommonName" -addext "subjectAltName=$SubjectAltName" `
        -addext 'basicConstraints=critical,CA:TRUE' -keyout $key -out $certificate 2>&1
    if ($LASTEXITCODE -ne 0) { throw "openssl failed: $output" }
    [pscustomobject]@{ Certificate = $certificate; Key = $key }
}

Export-ModuleMember -Function Test-MaTestTool, Start-MaTestProxy, Stop-MaTestProxy, Get-MaTestProxyRequest, New-MaTestCertificate
