# Where Connect-MaSession finds credentials besides its parameters: clouds.yaml (+ secure.yaml) by -CloudName and
# OS_CLOUD, the Huawei SDK credentials file, and the order of the chain, against a real local service.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    $script:savedEnvironment = @{}
    foreach ($name in 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN', 'HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEICLOUD_SDK_REGION',
        'HUAWEICLOUD_SDK_IAM_ENDPOINT', 'HUAWEICLOUD_SDK_CREDENTIALS_FILE', 'OS_USERNAME', 'OS_PASSWORD', 'OS_USER_DOMAIN_NAME', 'OS_DOMAIN_NAME',
        'OS_PROJECT_NAME', 'OS_PROJECT_ID', 'OS_REGION_NAME', 'OS_AUTH_URL', 'OS_CLOUD', 'OS_CLIENT_CONFIG_FILE', 'OS_CLIENT_SECURE_FILE', 'MODELARTS_PROFILE_PATH') {
        $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    # No saved profile may answer for a source under test.
    $env:MODELARTS_PROFILE_PATH = Join-Path $svc.DataRoot 'profiles/profiles.json'
    $script:folder = Join-Path $svc.DataRoot 'config'
    $null = New-Item -ItemType Directory $folder -Force
    Push-Location $folder

    # clouds.yaml keeps who and where; secure.yaml the secrets, as OpenStack recommends.
    Set-Content -LiteralPath (Join-Path $folder 'clouds.yaml') -Value @"
clouds:
  local-password:
    region_name: $($svc.ProjectName)
    modelarts_endpoint_override: $($svc.Url)
    auth:
      auth_url: $($svc.Url)/v3
      username: $($svc.UserName)
      user_domain_name: $($svc.DomainName)
      project_name: $($svc.ProjectName)
  local-aksk:
    region_name: $($svc.ProjectName)
    modelarts_endpoint_override: $($svc.Url)
    ak: $($svc.AccessKey)
    auth:
      auth_url: $($svc.Url)/v3
      project_id: $($svc.ProjectId)
  local-wrong:
    modelarts_endpoint_override: $($svc.Url)
    ak: WRONGACCESSKEY000001
    sk: not-the-secret
    auth:
      project_id: $($svc.ProjectId)
"@
    Set-Content -LiteralPath (Join-Path $folder 'secure.yaml') -Value @"
clouds:
  local-password:
    auth:
      password: $($svc.Password)
  local-aksk:
    sk: $($svc.SecretKey)
"@
    foreach ($file in 'clouds.yaml', 'secure.yaml') { chmod 600 (Join-Path $folder $file) }

    function Set-CredentialsFile([string] $AccessKey, [string] $SecretKey, [string] $Path = (Join-Path $folder 'credentials')) {
        Set-Content -LiteralPath $Path -Value "# the Huawei Cloud SDKs' file`n[basic]`nak = $AccessKey`nsk = $SecretKey`nproject_id = $($svc.ProjectId)`n"
        chmod 600 $Path
        $Path
    }
}

AfterAll {
    Disconnect-MaSession
    Pop-Location
    foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
    Stop-MaLocalService $svc
}

Describe 'Connect-MaSession -CloudName (clouds.yaml + secure.yaml)' {
    AfterEach { $env:OS_CLOUD = $null }

    It 'signs in with the password entry, its password taken from secure.yaml' {
        $session = Connect-MaSession -CloudName local-password -PassThru -WarningVariable warnings
        $session.AuthenticationType | Should -Be 'Password'
        $session.UserName | Should -Be $svc.UserName
        $session.DomainName | Should -Be $svc.DomainName
        $session.ProjectId | Should -Be $svc.ProjectId
        $session.IamEndpoint | Should -Be ([uri] "$($svc.Url)/v3")
        # Get-MaSession names the cloud and both files it came from.
        (Get-MaSession).CredentialSource | Should -BeLike "CloudsYaml:local-password (*clouds.yaml, *secure.yaml)"
        $warnings | Should -BeNullOrEmpty
        (Get-MaSession | Out-String) | Should -Not -Match ([regex]::Escape($svc.Password))
    }

    It 'signs in with the AK/SK entry (ak in clouds.yaml, sk in secure.yaml)' {
        $session = Connect-MaSession -CloudName local-aksk -PassThru
        $session.AuthenticationType | Should -Be 'AkSk'
        $session.AccessKey | Should -Be 'MALO****0001'
        $session.CredentialSource | Should -BeLike 'CloudsYaml:local-aksk (*'
    }

    It 'takes the cloud OS_CLOUD names when nothing else is given' {
        $env:OS_CLOUD = 'local-aksk'
        $session = Connect-MaSession -PassThru
        $session.CredentialSource | Should -BeLike 'CloudsYaml:local-aksk (*'
    }

    It 'names the clouds there are when the cloud is in none' {
        $failure = { Connect-MaSession -CloudName nowhere } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'CloudNotFound,*'
        $failure.Exception.Message | Should -Match "No cloud 'nowhere'.*clouds\.yaml has the clouds local-aksk, local-password, local-wrong"
    }

    It 'reports a malformed file with file, line and what was expected, and no secret' {
        $bad = Join-Path $folder 'bad'
        $null = New-Item -ItemType Directory $bad -Force
        Set-Content -LiteralPath (Join-Path $bad 'clouds.yaml') -Value "clouds:`n  broken:`n    auth:`n      password: 'never-shown`n"
        Push-Location $bad
        try {
            $failure = { Connect-MaSession -CloudName broken } | Should -Throw -PassThru
        }
        finally { Pop-Location }
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidCloudsYaml,*'
        $failure.Exception.Message | Should -Match ([regex]::Escape((Join-Path $bad 'clouds.yaml')) + ':\d+:\d+: ')
        $failure.Exception.Message | Should -Not -Match 'never-shown'
    }

    It 'warns, as ssh does, when others can read a file that holds a password' -Skip:$IsWindows {
        $secure = Join-Path $folder 'secure.yaml'
        chmod 644 $secure
        try {
            $null = Connect-MaSession -CloudName local-password -WarningVariable warnings -WarningAction SilentlyContinue
        }
        finally { chmod 600 $secure }
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -Match ([regex]::Escape($secure) + ' holds a secret and other users can read it \(mode 644\)')
    }
}

Describe 'The Huawei SDK credentials file' {
    AfterEach { $env:HUAWEICLOUD_SDK_CREDENTIALS_FILE = $null }

    It 'signs in from HUAWEICLOUD_SDK_CREDENTIALS_FILE ([basic] ak, sk, project_id)' {
        $env:HUAWEICLOUD_SDK_CREDENTIALS_FILE = Set-CredentialsFile $svc.AccessKey $svc.SecretKey
        $session = Connect-MaSession -Endpoint $svc.Url -PassThru
        $session.ProjectId | Should -Be $svc.ProjectId
        $session.CredentialSource | Should -Be "CredentialsFile:$env:HUAWEICLOUD_SDK_CREDENTIALS_FILE"
    }

    It 'reports a malformed line by number, never its text' {
        $path = Join-Path $folder 'credentials-bad'
        Set-Content -LiteralPath $path -Value "[basic]`nak = $($svc.AccessKey)`nthis line holds a secret-9876`n"
        $env:HUAWEICLOUD_SDK_CREDENTIALS_FILE = $path
        $failure = { Connect-MaSession -Endpoint $svc.Url } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidCredentialsFile,*'
        $failure.Exception.Message | Should -Be "$($path):3: expected key = value."
    }

    It 'names the file HUAWEICLOUD_SDK_CREDENTIALS_FILE gives when it does not exist' {
        $env:HUAWEICLOUD_SDK_CREDENTIALS_FILE = Join-Path $folder 'no-such-file'
        $failure = { Connect-MaSession -Endpoint $svc.Url } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'no-such-file, which does not exist'
    }
}

Describe 'The order of the chain, proven by conflicting sources' {
    AfterEach {
        foreach ($name in 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_PROJECT_ID', 'OS_CLOUD', 'HUAWEICLOUD_SDK_CREDENTIALS_FILE') {
            [Environment]::SetEnvironmentVariable($name, $null)
        }
    }

    It 'environment variables win over OS_CLOUD and the credentials file' {
        $env:HUAWEICLOUD_SDK_AK = $svc.AccessKey
        $env:HUAWEICLOUD_SDK_SK = $svc.SecretKey
        $env:HUAWEICLOUD_SDK_PROJECT_ID = $svc.ProjectId
        $env:OS_CLOUD = 'local-wrong'
        $env:HUAWEICLOUD_SDK_CREDENTIALS_FILE = Set-CredentialsFile 'WRONGACCESSKEY000002' 'wrong-secret'
        (Connect-MaSession -Endpoint $svc.Url -PassThru).CredentialSource | Should -Be 'Environment'
    }

    It 'OS_CLOUD wins over the credentials file' {
        $env:OS_CLOUD = 'local-aksk'
        $env:HUAWEICLOUD_SDK_CREDENTIALS_FILE = Set-CredentialsFile 'WRONGACCESSKEY000002' 'wrong-secret'
        (Connect-MaSession -PassThru).CredentialSource | Should -BeLike 'CloudsYaml:local-aksk (*'
    }

    It 'the credentials file wins over the default profile' {
        Connect-MaSession -Endpoint $svc.Url -AccessKey $svc.AccessKey -SecretKey (ConvertTo-SecureString $svc.SecretKey -AsPlainText -Force) -ProjectId $svc.ProjectId -SaveProfile default
        $env:HUAWEICLOUD_SDK_CREDENTIALS_FILE = Set-CredentialsFile $svc.AccessKey $svc.SecretKey
        (Connect-MaSession -Endpoint $svc.Url -PassThru).CredentialSource | Should -Be "CredentialsFile:$env:HUAWEICLOUD_SDK_CREDENTIALS_FILE"
        $env:HUAWEICLOUD_SDK_CREDENTIALS_FILE = $null
        (Connect-MaSession -Endpoint $svc.Url -PassThru).CredentialSource | Should -Be 'Profile:default'
    }
}
