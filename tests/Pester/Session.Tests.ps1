# Connect-MaSession (every parameter set), Get-MaSession, Disconnect-MaSession and -Session, against a real local service.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    $script:secretKey = ConvertTo-SecureString $svc.SecretKey -AsPlainText -Force
    $script:profilePath = Join-Path $svc.DataRoot 'profiles/profiles.json'
    $script:savedEnvironment = @{}
    foreach ($name in 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_PROJECT_ID', 'OS_USERNAME', 'OS_PASSWORD', 'OS_USER_DOMAIN_NAME', 'OS_PROJECT_NAME', 'MODELARTS_PROFILE_PATH') {
        $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    $env:MODELARTS_PROFILE_PATH = $profilePath

}

AfterAll {
    Disconnect-MaSession
    foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
    Stop-MaLocalService $svc
}

Describe 'Connect-MaSession -AccessKey -SecretKey (AkSk)' {
    It 'verifies the keys with one cheap call and makes the session the default' {
        Disconnect-MaSession
        $since = Get-MaLocalRequestSeq $svc
        $session = Connect-MaSession -Endpoint $svc.Url -AccessKey $svc.AccessKey -SecretKey $secretKey -ProjectId $svc.ProjectId -PassThru -TrainingApi V1
        $requests = Get-MaLocalRequestLog $svc -Since $since
        $requests.Count | Should -Be 1
        $requests[0].path | Should -Be "/v1/$($svc.ProjectId)/job/ai-engines"
        $requests[0].status | Should -Be 200
        $session.AuthenticationType | Should -Be 'AkSk'
        $session.CredentialSource | Should -Be 'Explicit'
        $session.ProjectId | Should -Be $svc.ProjectId
        $session.Endpoint | Should -Be ([uri] $svc.Url)
        (Get-MaSession).ProjectId | Should -Be $svc.ProjectId
    }

    It 'shows and serialises no secret, only the masked access key' {
        $session = Connect-MaLocalSession $svc -PassThru
        $session.AccessKey | Should -Be 'MALO****0001'
        $text = ($session | ConvertTo-Json -Depth 5) + ($session | Format-List * | Out-String) + $session.ToString() + (Get-MaSession | Out-String)
        $text | Should -Not -Match ([regex]::Escape($svc.SecretKey))
        $text | Should -Not -Match ([regex]::Escape($svc.AccessKey))
        $session.PSObject.Properties.Name | Should -Not -Contain 'Client'
    }

    It 'fails a wrong secret key with AuthenticationError and APIG.0301, leaving the previous default untouched' {
        $previous = Connect-MaLocalSession $svc -PassThru
        $wrong = ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force
        $failure = { Connect-MaSession -Endpoint $svc.Url -AccessKey $svc.AccessKey -SecretKey $wrong -ProjectId $svc.ProjectId } |
            Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,ModelArts.PowerShell.Commands.ConnectMaSessionCommand'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.Exception.Message | Should -Match 'APIG\.0301'
        $failure.ErrorDetails.Message | Should -Match 'APIG\.0301.*request id [0-9a-f]{32}'
        $failure.TargetObject | Should -Be $svc.AccessKey
        (Get-MaSession).ConnectedAt | Should -Be $previous.ConnectedAt
    }

    It 'signs temporary keys with -SecurityToken' {
        $tokenBody = @{ auth = @{ identity = @{ methods = @('password'); password = @{ user = @{ name = $svc.UserName; password = $svc.Password; domain = @{ name = $svc.DomainName } } } }; scope = @{ project = @{ id = $svc.ProjectId } } } } | ConvertTo-Json -Depth 10
        $token = (Invoke-WebRequest "$($svc.Url)/v3/auth/tokens" -Method Post -Body $tokenBody -ContentType 'application/json').Headers['X-Subject-Token'][0]
        $keyBody = @{ auth = @{ identity = @{ methods = @('token'); token = @{ id = $token; duration_seconds = 900 } } } } | ConvertTo-Json -Depth 10
        $temporary = (Invoke-RestMethod "$($svc.Url)/v3.0/OS-CREDENTIAL/securitytokens" -Method Post -Body $keyBody -ContentType 'application/json' -Headers @{ 'X-Auth-Token' = $token }).credential

        $session = Connect-MaSession -Endpoint $svc.Url -AccessKey $temporary.access -SecretKey (ConvertTo-SecureString $temporary.secret -AsPlainText -Force) `
            -SecurityToken (ConvertTo-SecureString $temporary.securitytoken -AsPlainText -Force) -ProjectId $svc.ProjectId -PassThru
        $session.AuthenticationType | Should -Be 'AkSk'
        (Get-MaFlavor).Count | Should -BeGreaterThan 0
        { Connect-MaSession -Endpoint $svc.Url -AccessKey $temporary.access -SecretKey (ConvertTo-SecureString $temporary.secret -AsPlainText -Force) -ProjectId $svc.ProjectId } |
            Should -Throw -ErrorId 'AuthenticationFailed,ModelArts.PowerShell.Commands.ConnectMaSessionCommand'
    }

    It 'refuses plain http to a host that is not loopback before sending anything' {
        $failure = { Connect-MaSession -Endpoint 'http://modelarts.example.com' -AccessKey $svc.AccessKey -SecretKey $secretKey -ProjectId $svc.ProjectId } |
            Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'InsecureEndpoint,ModelArts.PowerShell.Commands.ConnectMaSessionCommand'
        $failure.CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It 'asks for a region or an endpoint when it has neither' {
        { Connect-MaSession -AccessKey $svc.AccessKey -SecretKey $secretKey -ProjectId $svc.ProjectId } |
            Should -Throw -ErrorId 'MissingEndpoint,ModelArts.PowerShell.Commands.ConnectMaSessionCommand'
    }
}

Describe 'Connect-MaSession -Credential (Password)' {
    It 'gets a project-scoped IAM token, finds the project id by the region name and verifies it' {
        $since = Get-MaLocalRequestSeq $svc
        $session = Connect-MaLocalSession $svc -Password -PassThru
        $session.AuthenticationType | Should -Be 'Password'
        $session.UserName | Should -Be $svc.UserName
        $session.DomainName | Should -Be $svc.DomainName
        $session.ProjectId | Should -Be $svc.ProjectId
        $session.Region | Should -Be 'local-1'
        $paths = (Get-MaLocalRequestLog $svc -Since $since).path
        $paths | Should -Contain '/v3/auth/tokens'
        $paths | Should -Contain "/v1/$($svc.ProjectId)/job/ai-engines"
        ($session | ConvertTo-Json) | Should -Not -Match $svc.Password
    }

    It 'takes the domain from a DOMAIN\user credential' {
        $credential = [pscredential]::new("$($svc.DomainName)\$($svc.UserName)", (ConvertTo-SecureString $svc.Password -AsPlainText -Force))
        $session = Connect-MaSession -Endpoint $svc.Url -Credential $credential -Region $svc.ProjectName -PassThru
        $session.DomainName | Should -Be $svc.DomainName
        $session.UserName | Should -Be $svc.UserName
    }

    It 'fails a wrong password with AuthenticationError' {
        $credential = [pscredential]::new($svc.UserName, (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))
        $failure = { Connect-MaSession -Endpoint $svc.Url -Credential $credential -DomainName $svc.DomainName -Region $svc.ProjectName } | Should -Throw -PassThru
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,ModelArts.PowerShell.Commands.ConnectMaSessionCommand'
        $failure.TargetObject | Should -Be $svc.UserName
    }
}

Describe 'Connect-MaSession from the environment and from profiles' {
    AfterEach {
        foreach ($name in 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_PROJECT_ID', 'OS_USERNAME', 'OS_PASSWORD', 'OS_USER_DOMAIN_NAME', 'OS_PROJECT_NAME') {
            [Environment]::SetEnvironmentVariable($name, $null)
        }
    }

    It 'reads the Huawei SDK variables when no credentials are given (Environment)' {
        $env:HUAWEICLOUD_SDK_AK = $svc.AccessKey
        $env:HUAWEICLOUD_SDK_SK = $svc.SecretKey
        $env:HUAWEICLOUD_SDK_PROJECT_ID = $svc.ProjectId
        $session = Connect-MaSession -Endpoint $svc.Url -PassThru
        $session.CredentialSource | Should -Be 'Environment'
        $session.AuthenticationType | Should -Be 'AkSk'
    }

    It 'reads the OpenStack variables (OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME) too' {
        $env:OS_USERNAME = $svc.UserName
        $env:OS_PASSWORD = $svc.Password
        $env:OS_USER_DOMAIN_NAME = $svc.DomainName
        $env:OS_PROJECT_NAME = $svc.ProjectName
        $session = Connect-MaSession -Endpoint $svc.Url -PassThru
        $session.CredentialSource | Should -Be 'Environment'
        $session.AuthenticationType | Should -Be 'Password'
        $session.ProjectId | Should -Be $svc.ProjectId
    }

    It 'saves a verified connection with -SaveProfile in an owner-only file and connects with -ProfileName' {
        Connect-MaSession -Endpoint $svc.Url -AccessKey $svc.AccessKey -SecretKey $secretKey -ProjectId $svc.ProjectId -SaveProfile 'local'
        $profilePath | Should -Exist
        if (-not $IsWindows) {
            (Get-Item $profilePath).UnixFileMode | Should -Be ([IO.UnixFileMode] 'UserRead, UserWrite')
            (Get-Item (Split-Path $profilePath)).UnixFileMode | Should -Be ([IO.UnixFileMode] 'UserRead, UserWrite, UserExecute')
        }
        Disconnect-MaSession
        $session = Connect-MaSession -ProfileName 'local' -PassThru
        $session.CredentialSource | Should -Be 'Profile:local'
        $session.Endpoint | Should -Be ([uri] $svc.Url)
        (Get-MaEngine -FrameworkType PyTorch).Count | Should -BeGreaterThan 0
    }

    It 'saves a password connection under -SaveProfile as well' {
        $credential = [pscredential]::new($svc.UserName, (ConvertTo-SecureString $svc.Password -AsPlainText -Force))
        Connect-MaSession -Endpoint $svc.Url -Credential $credential -DomainName $svc.DomainName -Region $svc.ProjectName -SaveProfile 'local-password'
        (Connect-MaSession -Profile 'local-password' -PassThru).AuthenticationType | Should -Be 'Password'
    }

    It 'reports an unknown profile as ObjectNotFound' {
        $failure = { Connect-MaSession -ProfileName 'no-such-profile' } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'ProfileNotFound,ModelArts.PowerShell.Commands.ConnectMaSessionCommand'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'completes -ProfileName with the saved names and -Region with the catalog' {
        Connect-MaLocalSession $svc -Parameters @{ SaveProfile = 'local' }
        Connect-MaLocalSession $svc -Password -Parameters @{ SaveProfile = 'local-password' }
        (TabExpansion2 'Connect-MaSession -ProfileName loc').CompletionMatches.CompletionText | Should -Be @('local', 'local-password')
        (TabExpansion2 'Connect-MaSession -Region eu-').CompletionMatches.CompletionText | Should -Be @('eu-de', 'eu-nl')
    }
}

Describe 'Get-MaSession, Disconnect-MaSession and -Session' {
    It 'Disconnect-MaSession forgets the default; cmdlets then fail with NoSession before sending anything' {
        Connect-MaLocalSession $svc
        Disconnect-MaSession
        Get-MaSession | Should -BeNullOrEmpty
        $since = Get-MaLocalRequestSeq $svc
        $failure = { Get-MaFlavor } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'NoSession,ModelArts.PowerShell.Commands.GetMaFlavorCommand'
        $failure.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failure.Exception.Message | Should -Match 'Connect-MaSession'
        Get-MaLocalRequestLog $svc -Since $since | Should -BeNullOrEmpty
        { Disconnect-MaSession } | Should -Not -Throw
    }

    It '-Session uses a session other than the default, and a disconnected one is refused' {
        $aksk = Connect-MaLocalSession $svc -PassThru
        $password = Connect-MaLocalSession $svc -Password -PassThru
        (Get-MaSession).AuthenticationType | Should -Be 'Password'
        (Get-MaFlavor -Session $aksk).Count | Should -BeGreaterThan 0
        $aksk | Disconnect-MaSession
        $aksk.IsConnected | Should -BeFalse
        (Get-MaSession).AuthenticationType | Should -Be 'Password'
        { Get-MaEngine -Session $aksk } | Should -Throw -ErrorId 'SessionDisconnected,ModelArts.PowerShell.Commands.GetMaEngineCommand'
    }

    It 'shows the session as a list: endpoint, project, identity and credential source' {
        Connect-MaLocalSession $svc
        $text = Get-MaSession | Out-String
        $text | Should -Match "ProjectId\s+:\s+$($svc.ProjectId)"
        $text | Should -Match 'AuthenticationType\s+:\s+AkSk'
        $text | Should -Match 'Identity\s+:\s+MALO\*\*\*\*0001'
        $text | Should -Match 'CredentialSource\s+:\s+Explicit'
    }

    It '-Debug shows the HTTP traffic with the signature redacted, and never prompts' {
        Connect-MaLocalSession $svc
        $debug = Get-MaFlavor -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message
        $debug -join "`n" | Should -Match 'GET .*/job/resource-specs'
        $debug -join "`n" | Should -Match 'Authorization: \*\*\*'
        $debug -join "`n" | Should -Not -Match 'Signature='
    }
}
