# Issue 7, part 4: with -Verbose -Debug, a transcript, provoked errors, the session serialised and profiles saved,
# no secret key, password, IAM token, security token or request signature appears anywhere, and profiles are owner-only.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    # Distinctive secrets, so that a leak of any part of them is easy to find.
    $secretKey = 'SK-Zq8vW3kP9tLm2Xr7Ny4Bc6Hd1Fg5Js0Qe'
    $password = 'PW-Ux7Rk2Vn9Wq4Mz6Lb3Tc8Yp1Sd5'
    $service = Start-MaLocalService -SecretKey $secretKey -Password $password

    # A temporary key with its security token, issued by the service's IAM.
    $signIn = @{ auth = @{ identity = @{ methods = @('password'); password = @{ user = @{ name = $service.UserName; password = $password; domain = @{ name = $service.DomainName } } } }
            scope = @{ project = @{ id = $service.ProjectId } } } } | ConvertTo-Json -Depth 10
    $tokenResponse = Invoke-WebRequest -Method Post "$($service.Url)/v3/auth/tokens" -ContentType 'application/json' -Body $signIn
    $iamToken = "$($tokenResponse.Headers['X-Subject-Token'])"
    $temporary = (Invoke-RestMethod -Method Post "$($service.Url)/v3.0/OS-CREDENTIAL/securitytokens" -ContentType 'application/json' -Headers @{ 'X-Auth-Token' = $iamToken } `
            -Body '{"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":900}}}}').credential

    $work = Join-Path $TestDrive 'secrets'
    $null = New-Item -ItemType Directory $work, (Join-Path $work 'home')
    $child = Join-Path $work 'child.ps1'
    Set-Content $child @'
param($Module, $Url, $ProjectId, $Region, $AccessKey, $User, $Domain, $TempAccess, $Work)
# Secrets come by environment (not the command line, which a transcript shows) and leave it at once.
$SecretKey, $Password, $TempSecret, $TempToken = $env:T_SK, $env:T_PW, $env:T_TSK, $env:T_TTOKEN
Remove-Item env:T_SK, env:T_PW, env:T_TSK, env:T_TTOKEN
$ErrorActionPreference = 'Continue'
$VerbosePreference = 'Continue'
$DebugPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
Start-Transcript -Path (Join-Path $Work 'transcript.txt') -IncludeInvocationHeader | Out-Null
Import-Module $Module
$secure = { param($s) ConvertTo-SecureString $s -AsPlainText -Force }
$common = @{ Endpoint = $Url; ProjectId = $ProjectId; Region = $Region; Verbose = $true; Debug = $true }
Connect-MaSession -AccessKey $AccessKey -SecretKey (& $secure $SecretKey) -SaveProfile 'aksk' @common -PassThru | Format-List * -Force
Get-MaSession | ConvertTo-Json -Depth 5
Get-MaSession | Format-List * -Force | Out-String
Get-MaFlavor -Verbose -Debug | Out-String
Get-MaTrainingJob -JobId 987654321 -Verbose -Debug
Connect-MaSession -AccessKey $AccessKey -SecretKey (& $secure 'wrong-secret-key-0000') @common
$credential = [pscredential]::new($User, (& $secure $Password))
$session = Connect-MaSession -Credential $credential -DomainName $Domain -SaveProfile 'password' @common -PassThru
$session | ConvertTo-Json -Depth 5
Get-MaTrainingJob -Verbose -Debug | Out-String
Connect-MaSession -Credential ([pscredential]::new($User, (& $secure 'wrong-password-0000'))) -DomainName $Domain @common
Connect-MaSession -AccessKey $TempAccess -SecretKey (& $secure $TempSecret) -SecurityToken (& $secure $TempToken) -SaveProfile 'temporary' @common -PassThru | ConvertTo-Json -Depth 5
Get-MaEngine -Verbose -Debug | Out-String
Connect-MaSession -ProfileName 'aksk' -Verbose -Debug -PassThru | ConvertTo-Json -Depth 5
Get-MaTrainingJob -JobId 987654321
Connect-MaSession -AccessKey $AccessKey -SecretKey (& $secure $SecretKey) -Endpoint 'http://127.0.0.1:1/' -ProjectId $ProjectId -Region $Region
$Error | Out-String
$Error | Format-List * -Force | Out-String
$Error | ForEach-Object { $_.Exception | Format-List * -Force | Out-String }
$Error | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
Stop-Transcript | Out-Null
'@
    $savedHome, $savedProfilePath = $env:HOME, $env:MODELARTS_PROFILE_PATH
    $env:HOME = Join-Path $work 'home'
    $env:MODELARTS_PROFILE_PATH = Join-Path $work 'home/.modelarts/profiles.json'
    try {
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        $env:T_SK, $env:T_PW, $env:T_TSK, $env:T_TTOKEN = $secretKey, $password, $temporary.secret, $temporary.securitytoken
        $output = & dotnet $pwshDll -NoProfile -NonInteractive -File $child $env:MODELARTS_TEST_MODULE $service.Url $service.ProjectId $service.ProjectName `
            $service.AccessKey $service.UserName $service.DomainName $temporary.access $work 2>&1 |
            Out-String -Width 400
    }
    finally {
        $env:HOME, $env:MODELARTS_PROFILE_PATH = $savedHome, $savedProfilePath
        Remove-Item env:T_SK, env:T_PW, env:T_TSK, env:T_TTOKEN -ErrorAction SilentlyContinue
    }
    $transcript = Get-Content (Join-Path $work 'transcript.txt') -Raw
    $profileFile = Get-Item (Join-Path $work 'home/.modelarts/profiles.json') -ErrorAction SilentlyContinue
    $profileText = if ($profileFile) { Get-Content $profileFile.FullName -Raw } else { '' }
    # The profile file is the one place a secret is kept on purpose (like ~/.aws/credentials): searched apart, below.
    $everything = $output + "`n" + $transcript

    $secrets = [ordered]@{
        'secret key'                 = $secretKey
        'password'                   = $password
        'IAM token of the test'      = $iamToken
        'temporary secret key'       = $temporary.secret
        'temporary security token'   = $temporary.securitytoken
    }
    Write-Figure 'secrets.text-searched-chars' $everything.Length
}

AfterAll { Stop-MaLocalService -Service $service }

Describe 'Secrets stay secret' {
    It 'produced the diagnostics it is meant to search (verbose, debug, errors, transcript)' {
        $transcript | Should -Match 'VERBOSE:'
        $transcript | Should -Match 'DEBUG:'
        $everything | Should -Match 'TrainingJobNotFound'
        $everything | Should -Match 'AuthenticationFailed'
        $everything | Should -Match 'SDK-HMAC-SHA256|Authorization'
    }

    It 'never shows the <_>' -ForEach @('secret key', 'password', 'IAM token of the test', 'temporary secret key', 'temporary security token') {
        $secret = $secrets[$_]
        $secret | Should -Not -BeNullOrEmpty
        $everything.Contains($secret) | Should -BeFalse
        # Nor a recognisable piece of it.
        $everything.Contains($secret.Substring(0, [Math]::Min(16, $secret.Length))) | Should -BeFalse
    }

    It 'never shows an IAM token the sessions were issued (matched against the service''s token hashes)' {
        $db = Join-Path $service.DataRoot 'state.db'
        $hashes = @(& python3 -c 'import sqlite3, sys; [print(r[0]) for r in sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True).execute("SELECT token_hash FROM tokens")]' $db)
        $hashes.Count | Should -BeGreaterOrEqual 2
        $sha = [Security.Cryptography.SHA256]::Create()
        $candidates = [regex]::Matches($everything, '[A-Za-z0-9_\-\.\+/=]{24,}') | ForEach-Object Value | Sort-Object -Unique
        $leaked = @($candidates | Where-Object { [Convert]::ToHexString($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($_))) -in $hashes })
        Write-Figure 'secrets.token-candidates-checked' $candidates.Count
        Write-Figure 'secrets.leaks' $leaked.Count
        $leaked | Should -BeNullOrEmpty
    }

    It 'never shows a request signature' {
        $everything | Should -Not -Match 'Signature=[0-9a-fA-F]{8}'
        # An HMAC-SHA256 signature is 64 hex digits; nothing else in the output is.
        [regex]::Matches($everything, '(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])') | ForEach-Object Value | Should -BeNullOrEmpty
    }

    It 'keeps saved secrets only in the profile file, which is owner-only' {
        $profileFile | Should -Not -BeNullOrEmpty
        $profileFile.UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        $profileText | Should -Match 'aksk'
        $profileText | Should -Match 'password'
        $profileText | Should -Match 'temporary'
        # The IAM token is never saved: a profile signs in again.
        $profileText.Contains($iamToken) | Should -BeFalse
    }
}
