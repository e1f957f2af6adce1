# How a session reaches the cloud: through a real proxy (tinyproxy with basic authentication) given per session or by
# HTTPS_PROXY/HTTP_PROXY/NO_PROXY (OBS transfers included), and over https to a service with a self-signed certificate.
BeforeDiscovery {
    $script:noTinyproxy = -not (Get-Command tinyproxy -CommandType Application -ErrorAction SilentlyContinue)
    $script:noOpenssl = -not (Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Common/NetworkHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:savedEnvironment = @{}
    foreach ($name in 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy') {
        $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    function Get-LastSeq([Parameter(Mandatory)] $Service) { $log = @(Get-MaLocalRequestLog $Service); if ($log) { $log[-1].seq } else { 0 } }
    function Get-SentRequests([Parameter(Mandatory)] $Service, [long] $Since) { @(Get-MaLocalRequestLog $Service -Since $Since | Where-Object path -NotLike '/_local/*') }
}

AfterAll {
    Disconnect-MaSession
    foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
}

Describe 'Through a proxy with basic authentication (tinyproxy)' -Skip:$noTinyproxy {
    BeforeAll {
        $script:svc = Start-MaLocalService
        $script:proxy = Start-MaTestProxy -Folder (Join-Path $svc.DataRoot 'proxy')
        $script:secretKey = ConvertTo-SecureString $svc.SecretKey -AsPlainText -Force
        $script:keys = @{ Endpoint = $svc.Url; AccessKey = $svc.AccessKey; SecretKey = $secretKey; ProjectId = $svc.ProjectId; TrainingApi = 'V1' }
        Set-MaLocalObject $svc 'bkt/code/train.py' "print('epoch 0', flush=True)`n"
        Set-MaLocalObject $svc 'bkt/data/train.csv' "x,y`n1,2`n"
    }
    AfterAll {
        foreach ($name in 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY') { [Environment]::SetEnvironmentVariable($name, $null) }
        Stop-MaTestProxy $proxy
        Stop-MaLocalService $svc
    }
    AfterEach { foreach ($name in 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY') { [Environment]::SetEnvironmentVariable($name, $null) } }

    It 'sends every call of a job''s lifecycle through -Proxy -ProxyCredential (the proxy log shows each)' {
        $since = Get-LastSeq $svc
        $before = @(Get-MaTestProxyRequest $proxy).Count
        $beforeAll = @(Get-MaTestProxyRequest $proxy -All).Count
        $session = Connect-MaSession @keys -Proxy $proxy.Url -ProxyCredential $proxy.Credential -PassThru
        $job = New-MaTrainingJob -Session $session -Name 'through_proxy' -FrameworkType PyTorch -FrameworkVersion 'PyTorch-1.0.0-python3.6' `
            -CodeDir 'obs://bkt/code/' -BootFile 'train.py' -Inputs 'obs://bkt/data/' -OutputPath 'obs://bkt/out/through-proxy/' -TrainInstanceType 'modelarts.vm.cpu.2u' -Wait
        $job.Status | Should -Be 'Completed'
        $job | Get-MaTrainingJobLog -Session $session -Raw | Should -Contain 'epoch 0'
        $job | Remove-MaTrainingJob -Session $session -Force
        $sent = Get-SentRequests $svc -Since $since
        $forwarded = @(Get-MaTestProxyRequest $proxy | Select-Object -Skip $before)
        $sent.Count | Should -BeGreaterThan 4
        # The proxy saw each request the service answered, in the same order.
        $forwarded.Count | Should -Be $sent.Count
        for ($i = 0; $i -lt $sent.Count; $i++) {
            $forwarded[$i] | Should -BeLike "$($sent[$i].method) $($svc.Url)$($sent[$i].path)*"
        }
        $seen = @(Get-MaTestProxyRequest $proxy -All).Count - $beforeAll
        Write-Host "  $($sent.Count) calls of the job's lifecycle, all through the proxy; it saw $seen requests (first tries without credentials included)"
    }

    It 'fails a wrong proxy password with AuthenticationError that says it was the proxy, and no password' {
        $wrong = [pscredential]::new($proxy.UserName, (ConvertTo-SecureString 'wrong-proxy-pass-77' -AsPlainText -Force))
        $failure = { Connect-MaSession @keys -Proxy $proxy.Url -ProxyCredential $wrong -MaximumRetryCount 0 } | Should -Throw -PassThru
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.Exception.Message | Should -Match 'proxy refused the credentials \(HTTP 407'
        ($failure | Out-String) + $failure.Exception.ToString() | Should -Not -Match 'wrong-proxy-pass-77'
    }

    It 'takes HTTP_PROXY (with user:password) from the environment, and NO_PROXY bypasses it' {
        $env:HTTP_PROXY = "http://$($proxy.UserName):$($proxy.Password)@127.0.0.1:$($proxy.Port)"
        $before = @(Get-MaTestProxyRequest $proxy).Count
        $null = Connect-MaSession @keys
        @(Get-MaTestProxyRequest $proxy).Count | Should -BeGreaterThan $before

        $env:NO_PROXY = 'localhost,127.0.0.1'
        $before = @(Get-MaTestProxyRequest $proxy).Count
        $null = Connect-MaSession @keys
        @(Get-MaTestProxyRequest $proxy).Count | Should -Be $before
    }

    It 'sends an OBS transfer through -Proxy: an upload in parts, a listing and a ranged download (the proxy log shows each call)' {
        $session = Connect-MaSession @keys -Proxy $proxy.Url -ProxyCredential $proxy.Credential -PassThru
        $file = Join-Path $TestDrive 'through-proxy.bin'
        $bytes = [byte[]]::new(300KB)
        [Random]::new(18).NextBytes($bytes)
        [IO.File]::WriteAllBytes($file, $bytes)
        $since = Get-LastSeq $svc
        $before = @(Get-MaTestProxyRequest $proxy).Count

        # One request at a time, so that the proxy's log pairs each request with its onward connection.
        $transfer = @{ Session = $session; PartSize = 128KB; ThrottleLimit = 1 }
        $uploaded = Copy-MaObsItem @transfer $file 'obs://bkt/proxied/'
        $uploaded.Key | Should -Be 'proxied/through-proxy.bin'
        (Get-MaObsItem -Session $session 'obs://bkt/proxied/').Key | Should -Be 'proxied/through-proxy.bin'
        $down = (New-Item -ItemType Directory (Join-Path $TestDrive 'down')).FullName
        $null = Copy-MaObsItem @transfer 'obs://bkt/proxied/through-proxy.bin' $down
        (Get-FileHash (Join-Path $down 'through-proxy.bin')).Hash | Should -Be (Get-FileHash $file).Hash

        $sent = Get-SentRequests $svc -Since $since
        $forwarded = @(Get-MaTestProxyRequest $proxy | Select-Object -Skip $before)
        @($sent | Where-Object { $_.method -eq 'PUT' -and $_.query -like '*partNumber=*' }).Count | Should -Be 3
        @($sent | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/bkt/' }).Count | Should -BeGreaterThan 0
        @($sent | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/bkt/proxied/through-proxy.bin' }).Count | Should -BeGreaterThan 1
        # Every OBS call the service answered came through the proxy, in the same order.
        $forwarded.Count | Should -Be $sent.Count
        for ($i = 0; $i -lt $sent.Count; $i++) {
            $forwarded[$i] | Should -BeLike "$($sent[$i].method) $($svc.Url)$($sent[$i].path)*"
        }
        Write-Host "  an OBS upload in parts, a listing and a ranged download: $($sent.Count) calls, all through the proxy ($(($sent | ForEach-Object method | Sort-Object -Unique) -join ', '))"
    }

    It 'sends OBS calls through HTTP_PROXY from the environment, and NO_PROXY bypasses it for OBS too' {
        $file = Join-Path $TestDrive 'env-proxy.txt'
        Set-Content -LiteralPath $file 'through the environment''s proxy' -NoNewline
        $env:HTTP_PROXY = "http://$($proxy.UserName):$($proxy.Password)@127.0.0.1:$($proxy.Port)"
        $session = Connect-MaSession @keys -PassThru
        $before = @(Get-MaTestProxyRequest $proxy).Count
        $null = Copy-MaObsItem -Session $session $file 'obs://bkt/env-proxy/'
        @(Get-MaObsItem -Session $session 'obs://bkt/env-proxy/').Count | Should -Be 1
        $through = @(Get-MaTestProxyRequest $proxy | Select-Object -Skip $before)
        $through | Should -Contain "PUT $($svc.Url)/bkt/env-proxy/env-proxy.txt"
        @($through | Where-Object { $_.StartsWith("GET $($svc.Url)/bkt/?prefix=") }).Count | Should -BeGreaterThan 0

        $env:NO_PROXY = 'localhost,127.0.0.1'
        $session = Connect-MaSession @keys -PassThru
        $before = @(Get-MaTestProxyRequest $proxy -All).Count
        $since = Get-LastSeq $svc
        $null = Copy-MaObsItem -Session $session $file 'obs://bkt/no-proxy/'
        @(Get-MaObsItem -Session $session 'obs://bkt/no-proxy/').Count | Should -Be 1
        @(Get-SentRequests $svc -Since $since | Where-Object path -Like '/bkt*').Count | Should -BeGreaterThan 1
        @(Get-MaTestProxyRequest $proxy -All).Count | Should -Be $before
    }

    It 'never writes the proxy password or its Proxy-Authorization into debug output' {
        $debug = Connect-MaSession @keys -Proxy $proxy.Url -ProxyCredential $proxy.Credential -Debug 5>&1 | Out-String
        $debug | Should -Match 'HTTP GET'
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($proxy.UserName):$($proxy.Password)"))
        $debug | Should -Not -Match ([regex]::Escape($proxy.Password))
        $debug | Should -Not -Match ([regex]::Escape($basic))
    }
}

Describe 'The local service over https with a self-signed certificate' -Skip:$noOpenssl {
    BeforeAll {
        $script:certificates = Join-Path ([IO.Path]::GetTempPath()) ("ma-tls-" + [Guid]::NewGuid().ToString('n').Substring(0, 8))
        $script:own = New-MaTestCertificate -Folder $certificates
        $script:other = New-MaTestCertificate -Folder $certificates -Name 'other-ca' -CommonName 'Other CA'
        $script:tls = Start-MaLocalService -ArgumentList '--urls', 'https://127.0.0.1:0', '--certificate', $own.Certificate, '--certificate-key', $own.Key
        $script:keys = @{ Endpoint = $tls.Url; AccessKey = $tls.AccessKey; SecretKey = (ConvertTo-SecureString $tls.SecretKey -AsPlainText -Force); ProjectId = $tls.ProjectId; MaximumRetryCount = 0 }
    }
    AfterAll {
        Stop-MaLocalService $tls
        Remove-Item $certificates -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'listens on https' {
        $tls.Url | Should -BeLike 'https://127.0.0.1:*'
    }

    It 'refuses the certificate by default, saying which check failed' {
        $failure = { Connect-MaSession @keys } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'The server certificate of 127\.0\.0\.1 failed the chain check: UntrustedRoot'
        $failure.Exception.Message | Should -Match '-CertificateBundle'
    }

    It 'accepts it with -CertificateBundle, the checks still on' {
        $session = Connect-MaSession @keys -CertificateBundle $own.Certificate -PassThru -WarningVariable warnings
        $session.IsConnected | Should -BeTrue
        $warnings | Should -BeNullOrEmpty
        @(Get-MaFlavor -Session $session).Count | Should -BeGreaterThan 0
    }

    It 'still refuses it with a bundle of another CA, saying so' {
        $failure = { Connect-MaSession @keys -CertificateBundle $other.Certificate } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'failed the chain check with the bundle'
    }

    It 'still refuses a name the certificate is not issued to, even with the bundle' {
        $failure = { Connect-MaSession @keys -Endpoint ($tls.Url -replace '127\.0\.0\.1', 'localhost') -CertificateBundle $own.Certificate } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'failed the name check: the certificate \(CN=127\.0\.0\.1\) is not issued to localhost'
    }

    It 'reports a bundle without a certificate before any call' {
        $empty = Join-Path $certificates 'empty.pem'
        Set-Content -LiteralPath $empty -Value 'not a certificate'
        $failure = { Connect-MaSession @keys -CertificateBundle $empty } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidCertificateBundle,*'
    }

    It 'tunnels https through the proxy (CONNECT), and a wrong proxy password is still the proxy''s refusal' -Skip:$noTinyproxy {
        $proxy = Start-MaTestProxy -Folder (Join-Path $certificates 'proxy')
        try {
            $session = Connect-MaSession @keys -CertificateBundle $own.Certificate -Proxy $proxy.Url -ProxyCredential $proxy.Credential -PassThru
            @(Get-MaFlavor -Session $session).Count | Should -BeGreaterThan 0
            Get-MaTestProxyRequest $proxy | Should -Contain "CONNECT $($tls.Url -replace '^https://', '')"
            $wrong = [pscredential]::new($proxy.UserName, (ConvertTo-SecureString 'wrong-proxy-pass-78' -AsPlainText -Force))
            $failure = { Connect-MaSession @keys -CertificateBundle $own.Certificate -Proxy $proxy.Url -ProxyCredential $wrong } | Should -Throw -PassThru
            $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $failure.Exception.Message | Should -Match 'proxy refused the credentials'
        }
        finally { Stop-MaTestProxy $proxy }
    }

    It 'accepts it with -SkipCertificateCheck, with exactly one warning' {
        $session = Connect-MaSession @keys -SkipCertificateCheck -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        @(Get-MaFlavor -Session $session).Count | Should -BeGreaterThan 0
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -Match 'SkipCertificateCheck'
    }
}
