# Issue 7, part 3: every kind of bad input ends in a stable error id and the right category, and input that can be
# judged locally never reaches the service (its request log proves it).
BeforeDiscovery {
    $long65 = 'a' * 65
    # Each case: a command, what to change in a valid call (Set) or leave out (Drop), the expected id and category,
    # and Local: $true when no request may be sent at all, 'NoCreate' when the catalog may be read but nothing created.
    $newJob = @(
        @{ Case = 'name with a space'; Set = @{ Name = 'has space' }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name with a slash'; Set = @{ Name = 'bad/slash' }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name of 65 characters'; Set = @{ Name = $long65 }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name with non-ASCII letters'; Set = @{ Name = 'jöb-ü' }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name with a semicolon'; Set = @{ Name = 'a;b' }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name with a dot'; Set = @{ Name = 'a.b' }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name ../up'; Set = @{ Name = '../up' }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name with a NUL byte'; Set = @{ Name = "nul`0byte" }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name ending in a newline'; Set = @{ Name = "job`n" }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name with a tab'; Set = @{ Name = "a`tb" }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'name $(subexpression)'; Set = @{ Name = '$(evil)' }; Id = 'InvalidJobName'; Category = 'InvalidArgument' }
        @{ Case = 'empty name'; Set = @{ Name = '' }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'description of 257 characters'; Set = @{ Description = 'd' * 257 }; Id = 'DescriptionTooLong'; Category = 'InvalidArgument' }
        @{ Case = 'code dir without a scheme'; Set = @{ CodeDir = 'bkt/code/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'code dir over http'; Set = @{ CodeDir = 'http://bkt/code/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'code dir obs:// without a bucket'; Set = @{ CodeDir = 'obs://' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'code dir with an upper-case bucket'; Set = @{ CodeDir = 'obs://BKT/code/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'code dir with a 2-character bucket'; Set = @{ CodeDir = 'obs://ab/code/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'code dir with ..'; Set = @{ CodeDir = 'obs://bkt/../etc/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'code dir with .'; Set = @{ CodeDir = 'obs://bkt/./code/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'code dir with backslashes'; Set = @{ CodeDir = 'obs://bkt\code\' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'code dir as a Windows path'; Set = @{ CodeDir = 'C:\code\' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'output path over ftp'; Set = @{ OutputPath = 'ftp://bkt/out/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'output path with ..'; Set = @{ OutputPath = '/bkt/out/../../x/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'relative output path'; Set = @{ OutputPath = 'out/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'inputs without a bucket'; Set = @{ Inputs = 's3://' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'inputs with an underscore bucket'; Set = @{ Inputs = 'obs://my_bucket/data/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'relative log url'; Set = @{ LogUrl = 'logs/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'boot file outside the code dir'; Set = @{ BootFile = 'obs://bkt/other/train.sh' }; Id = 'BootFileOutsideCodeDir'; Category = 'InvalidArgument' }
        @{ Case = 'boot file that is a directory'; Set = @{ BootFile = 'obs://bkt/code/sub/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'boot file with ..'; Set = @{ BootFile = '../train.sh' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument' }
        @{ Case = 'instance count 0'; Set = @{ TrainInstanceCount = 0 }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'instance count -1'; Set = @{ TrainInstanceCount = -1 }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'instance count not a number'; Set = @{ TrainInstanceCount = 'many' }; Id = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument' }
        @{ Case = 'instance count above the flavor maximum'; Set = @{ TrainInstanceCount = 6 }; Id = 'TrainInstanceCountExceedsMaxNodes'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'instance count far above the maximum'; Set = @{ TrainInstanceCount = [int]::MaxValue }; Id = 'TrainInstanceCountExceedsMaxNodes'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'unknown flavor'; Set = @{ TrainInstanceType = 'modelarts.vm.cpu.99u' }; Id = 'UnknownTrainInstanceType'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'flavor with a wildcard'; Set = @{ TrainInstanceType = 'modelarts.*' }; Id = 'UnknownTrainInstanceType'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'empty flavor'; Set = @{ TrainInstanceType = '' }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'unknown framework type'; Set = @{ FrameworkType = 'NoSuchFramework' }; Id = 'UnknownFramework'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'unknown framework version'; Set = @{ FrameworkVersion = 'PyTorch-9.9.9' }; Id = 'UnknownFramework'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'framework version of another type'; Set = @{ FrameworkVersion = 'TF-2.1.0-python3.6' }; Id = 'UnknownFramework'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'framework type without a version'; Drop = 'FrameworkVersion'; Id = 'MissingFramework'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'no framework at all'; Drop = 'FrameworkType', 'FrameworkVersion'; Id = 'MissingFramework'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'hyperparameter without ='; Set = @{ Hyperparameter = 'noequals' }; Id = 'InvalidHyperparameter'; Category = 'InvalidArgument' }
        @{ Case = 'hyperparameter with an empty label'; Set = @{ Hyperparameter = '=value' }; Id = 'InvalidHyperparameter'; Category = 'InvalidArgument' }
        @{ Case = 'hyperparameter label with a space'; Set = @{ Hyperparameter = 'learning rate=0.1' }; Id = 'InvalidHyperparameter'; Category = 'InvalidArgument' }
        @{ Case = 'hyperparameter given twice'; Set = @{ Hyperparameter = 'lr=0.1', 'lr=0.2' }; Id = 'InvalidHyperparameter'; Category = 'InvalidArgument' }
        @{ Case = 'hyperparameter hashtable with an empty key'; Set = @{ Hyperparameter = @{ '' = 1 } }; Id = 'InvalidHyperparameter'; Category = 'InvalidArgument' }
        @{ Case = 'hyperparameter object without Value'; Set = @{ Hyperparameter = [pscustomobject]@{ Foo = 1 } }; Id = 'InvalidHyperparameter'; Category = 'InvalidArgument' }
        @{ Case = 'hyperparameter as a bare number'; Set = @{ Hyperparameter = 42 }; Id = 'InvalidHyperparameter'; Category = 'InvalidArgument' }
        @{ Case = 'inputs and dataset together'; Set = @{ DatasetId = 'ds1'; DatasetVersionId = 'v1' }; Id = 'AmbiguousParameterSet'; Category = 'InvalidArgument' }
        @{ Case = 'custom image with a boot file'; Set = @{ UserImageUrl = 'swr.example/img:1'; UserCommand = 'python x.py' }; Id = 'AmbiguousParameterSet'; Category = 'InvalidArgument' }
        @{ Case = 'custom image with a framework'; Drop = 'CodeDir', 'BootFile'; Set = @{ UserImageUrl = 'swr.example/img:1'; UserCommand = 'run' }; Id = 'AmbiguousParameterSet'; Category = 'InvalidArgument' }
        @{ Case = 'custom image with inputs and a dataset'; Drop = 'CodeDir', 'BootFile', 'FrameworkType', 'FrameworkVersion'; Set = @{ UserImageUrl = 'swr.example/img:1'; UserCommand = 'run'; DatasetId = 'ds1'; DatasetVersionId = 'v1' }; Id = 'ConflictingDataSources'; Category = 'InvalidArgument' }
        @{ Case = 'custom image with a dataset but no version'; Drop = 'CodeDir', 'BootFile', 'FrameworkType', 'FrameworkVersion', 'Inputs'; Set = @{ UserImageUrl = 'swr.example/img:1'; UserCommand = 'run'; DatasetId = 'ds1' }; Id = 'DatasetVersionRequired'; Category = 'InvalidArgument' }
        @{ Case = 'custom image without data'; Drop = 'CodeDir', 'BootFile', 'FrameworkType', 'FrameworkVersion', 'Inputs'; Set = @{ UserImageUrl = 'swr.example/img:1'; UserCommand = 'run' }; Id = 'MissingDataSource'; Category = 'InvalidArgument' }
        @{ Case = 'custom image with an empty command'; Drop = 'CodeDir', 'BootFile', 'FrameworkType', 'FrameworkVersion'; Set = @{ UserImageUrl = 'swr.example/img:1'; UserCommand = '' }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'unknown parameter'; Set = @{ NoSuchParameter = 1 }; Id = 'NamedParameterNotFound'; Category = 'InvalidArgument' }
    ) | ForEach-Object { $_.Command = 'New-MaTrainingJob'; $_ }

    $jobCalls = @(
        @{ Case = 'Get-MaTrainingJob of an unknown id'; Command = 'Get-MaTrainingJob'; Set = @{ JobId = 987654321 }; Id = 'TrainingJobNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'Get-MaTrainingJob of an unknown version'; Command = 'Get-MaTrainingJob'; Set = @{ JobId = '<job>'; VersionId = 987654321 }; Id = 'TrainingJobNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'Get-MaTrainingJob of an unknown name'; Command = 'Get-MaTrainingJob'; Set = @{ Name = 'no-such-job' }; Id = 'TrainingJobNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'Get-MaTrainingJob with a non-numeric id'; Command = 'Get-MaTrainingJob'; Set = @{ JobId = 'abc' }; Id = 'InvalidJobId'; Category = 'InvalidArgument' }
        @{ Case = 'Wait-MaTrainingJob of an unknown id'; Command = 'Wait-MaTrainingJob'; Set = @{ JobId = 987654321 }; Id = 'TrainingJobNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'Wait-MaTrainingJob with timeout 0'; Command = 'Wait-MaTrainingJob'; Set = @{ JobId = '<job>'; Timeout = 0 }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'Wait-MaTrainingJob with a negative timeout'; Command = 'Wait-MaTrainingJob'; Set = @{ JobId = '<job>'; Timeout = -5 }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'Get-MaTrainingJobLog of an unknown id'; Command = 'Get-MaTrainingJobLog'; Set = @{ JobId = 987654321 }; Id = 'TrainingJobNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'Get-MaTrainingJobLog with a negative tail'; Command = 'Get-MaTrainingJobLog'; Set = @{ JobId = '<job>'; Tail = -1 }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'Get-MaTrainingJobLog with a negative worker'; Command = 'Get-MaTrainingJobLog'; Set = @{ JobId = '<job>'; Worker = -1 }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'Stop-MaTrainingJob of an unknown id'; Command = 'Stop-MaTrainingJob'; Set = @{ JobId = 987654321; Force = $true }; Id = 'TrainingJobNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'Remove-MaTrainingJob of an unknown id'; Command = 'Remove-MaTrainingJob'; Set = @{ JobId = 987654321; Force = $true }; Id = 'TrainingJobNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'Set-MaTrainingJob of an unknown id'; Command = 'Set-MaTrainingJob'; Set = @{ JobId = 987654321; Description = 'x' }; Id = 'TrainingJobNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'Set-MaTrainingJob with a 257-character description'; Command = 'Set-MaTrainingJob'; Set = @{ JobId = '<job>'; Description = 'd' * 257 }; Id = 'DescriptionTooLong'; Category = 'InvalidArgument' }
        @{ Case = 'New-MaTrainingJobVersion of an unknown id'; Command = 'New-MaTrainingJobVersion'; Set = @{ JobId = 987654321 }; Id = 'TrainingJobNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'New-MaTrainingJobVersion with a bad hyperparameter'; Command = 'New-MaTrainingJobVersion'; Set = @{ JobId = '<job>'; Hyperparameter = 'noequals' }; Id = 'InvalidHyperparameter'; Category = 'InvalidArgument' }
        @{ Case = 'New-MaTrainingJobVersion with a bad output path'; Command = 'New-MaTrainingJobVersion'; Set = @{ JobId = '<job>'; OutputPath = 'out/' }; Id = 'InvalidObsPath'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'New-MaTrainingJobVersion with an unknown flavor'; Command = 'New-MaTrainingJobVersion'; Set = @{ JobId = '<job>'; TrainInstanceType = 'nope' }; Id = 'UnknownTrainInstanceType'; Category = 'InvalidArgument'; Local = 'NoCreate' }
        @{ Case = 'Get-MaFlavor of an unknown code'; Command = 'Get-MaFlavor'; Set = @{ Code = 'modelarts.vm.none' }; Id = 'FlavorNotFound'; Category = 'ObjectNotFound'; Local = 'NoCreate' }
        @{ Case = 'Get-MaEngine of an unknown framework'; Command = 'Get-MaEngine'; Set = @{ FrameworkType = 'NoSuch' }; Id = 'EngineNotFound'; Category = 'ObjectNotFound'; Local = 'NoCreate' }
    )

    $connect = @(
        @{ Case = 'endpoint over ftp'; Set = @{ Endpoint = 'ftp://127.0.0.1/' }; Id = 'InvalidEndpoint'; Category = 'InvalidArgument' }
        @{ Case = 'relative endpoint'; Set = @{ Endpoint = 'not/absolute' }; Id = 'InvalidEndpoint'; Category = 'InvalidArgument' }
        @{ Case = 'endpoint as a file url'; Set = @{ Endpoint = 'file:///etc/passwd' }; Id = 'InvalidEndpoint'; Category = 'InvalidArgument' }
        @{ Case = 'plain http to a remote host'; Set = @{ Endpoint = 'http://modelarts.example.com/' }; Id = 'InsecureEndpoint'; Category = 'SecurityError' }
        @{ Case = 'plain http IAM to a remote host'; Set = @{ IamEndpoint = 'http://iam.example.com/' }; Id = 'InsecureEndpoint'; Category = 'SecurityError' }
        @{ Case = 'IAM endpoint over ftp'; Set = @{ IamEndpoint = 'ftp://127.0.0.1/' }; Id = 'InvalidEndpoint'; Category = 'InvalidArgument' }
        @{ Case = 'unknown region without an endpoint'; Drop = 'Endpoint'; Set = @{ Region = 'mars-1' }; Id = 'MissingEndpoint'; Category = 'InvalidArgument' }
        @{ Case = 'unknown cloud'; Set = @{ Cloud = 'Mars' }; Id = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument' }
        @{ Case = 'empty access key'; Set = @{ AccessKey = '' }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'empty secret key'; Set = @{ SecretKey = [securestring]::new() }; Id = 'InvalidCredentials'; Category = 'InvalidArgument' }
        @{ Case = 'empty project id'; Set = @{ ProjectId = '' }; Id = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
        @{ Case = 'access key with password credential'; Set = @{ Credential = '<credential>' }; Id = 'AmbiguousParameterSet'; Category = 'InvalidArgument' }
        @{ Case = 'profile together with keys'; Set = @{ ProfileName = 'x' }; Id = 'AmbiguousParameterSet'; Category = 'InvalidArgument' }
        @{ Case = 'unknown profile'; Drop = 'AccessKey', 'SecretKey'; Set = @{ ProfileName = 'no-such-profile' }; Id = 'ProfileNotFound'; Category = 'ObjectNotFound' }
        @{ Case = 'missing credentials'; Drop = 'AccessKey', 'SecretKey'; Id = 'MissingCredentials'; Category = 'AuthenticationError' }
        @{ Case = 'wrong secret key'; Set = @{ SecretKey = '<wrong-secret>' }; Id = 'AuthenticationFailed'; Category = 'AuthenticationError'; Local = $false }
        @{ Case = 'unknown access key'; Set = @{ AccessKey = 'NOSUCHACCESSKEY00001' }; Id = 'AuthenticationFailed'; Category = 'AuthenticationError'; Local = $false }
        @{ Case = 'wrong project id'; Set = @{ ProjectId = 'ffffffffffffffffffffffffffffffff' }; Id = 'PermissionDenied'; Category = 'PermissionDenied'; Local = $false }
        @{ Case = 'unknown project name'; Drop = 'ProjectId'; Set = @{ ProjectName = 'no-such-project' }; Id = 'ProjectNotFound'; Category = 'ObjectNotFound'; Local = $false }
        @{ Case = 'wrong password'; Drop = 'AccessKey', 'SecretKey'; Set = @{ Credential = '<wrong-password>'; DomainName = 'ma-domain' }; Id = 'AuthenticationFailed'; Category = 'AuthenticationError'; Local = $false }
        @{ Case = 'unknown user'; Drop = 'AccessKey', 'SecretKey'; Set = @{ Credential = '<unknown-user>'; DomainName = 'ma-domain' }; Id = 'AuthenticationFailed'; Category = 'AuthenticationError'; Local = $false }
        @{ Case = 'wrong domain'; Drop = 'AccessKey', 'SecretKey'; Set = @{ Credential = '<password>'; DomainName = 'other-domain' }; Id = 'AuthenticationFailed'; Category = 'AuthenticationError'; Local = $false }
    ) | ForEach-Object { $_.Command = 'Connect-MaSession'; $_ }

    $script:Cases = @($newJob) + @($jobCalls) + @($connect)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $service = Start-MaLocalService
    $jobArgs = Write-TrainingScript -Service $service -Content 'echo hello'
    $session = Connect-MaLocalSession $service -PassThru
    $job = New-MaTrainingJob -Session $session -Name 'bad-input-base' @jobArgs
    $null = $job | Wait-MaTrainingJob -Session $session -Timeout 60
    $null = Get-MaFlavor -Session $session; $null = Get-MaEngine -Session $session

    # No credentials come from this machine's environment or profile.
    $savedEnvironment = @{}
    foreach ($name in 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN', 'OS_USERNAME', 'OS_PASSWORD', 'MODELARTS_PROFILE_PATH', 'HOME') {
        $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN', 'OS_USERNAME', 'OS_PASSWORD' | ForEach-Object { [Environment]::SetEnvironmentVariable($_, $null) }
    $env:HOME = Join-Path $TestDrive 'home'
    $env:MODELARTS_PROFILE_PATH = Join-Path $TestDrive 'home/profiles.json'

    $script:Stats = @{ Cases = 0; RequestsOfLocalCases = 0 }

    function New-Arguments($Case) {
        $base = switch ($Case.Command) {
            'New-MaTrainingJob' { $jobArgs + @{ Name = 'bad-input-new'; Session = $session } }
            'Connect-MaSession' {
                @{ AccessKey = $service.AccessKey; SecretKey = (ConvertTo-SecureString $service.SecretKey -AsPlainText -Force)
                    Endpoint = $service.Url; ProjectId = $service.ProjectId; Region = $service.ProjectName }
            }
            default { @{ Session = $session } }
        }
        foreach ($name in @($Case['Drop'])) { if ($name) { $base.Remove($name) } }
        if ($Case['Set']) {
            foreach ($entry in $Case.Set.GetEnumerator()) {
                $base[$entry.Key] = switch ($entry.Value) {
                    '<job>' { $job.JobId }
                    '<wrong-secret>' { ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force }
                    '<credential>' { [pscredential]::new($service.UserName, (ConvertTo-SecureString $service.Password -AsPlainText -Force)) }
                    '<password>' { [pscredential]::new($service.UserName, (ConvertTo-SecureString $service.Password -AsPlainText -Force)) }
                    '<wrong-password>' { [pscredential]::new($service.UserName, (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force)) }
                    '<unknown-user>' { [pscredential]::new('no-such-user', (ConvertTo-SecureString $service.Password -AsPlainText -Force)) }
                    default { $entry.Value }
                }
            }
        }
        $base
    }
}

AfterAll {
    foreach ($entry in $savedEnvironment.GetEnumerator()) { [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value) }
    Write-Figure 'badinput.cases' $Stats.Cases
    Write-Figure 'badinput.requests-sent-by-local-cases' $Stats.RequestsOfLocalCases
    Stop-MaLocalService -Service $service
}

Describe 'Bad input: <Command>, <Case>' -ForEach $Cases {
    It 'fails with <Id> (<Category>) and sends nothing it need not' {
        $case = $_
        $arguments = New-Arguments $case
        if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { $arguments.Confirm = $false }
        $before = Get-MaLocalRequestSeq $service
        $failure = $null
        $output = try { & $Command @arguments -ErrorAction Stop -WarningAction SilentlyContinue } catch { $failure = $_ }
        $sent = @(Get-MaLocalRequestLog $service -Since $before)
        $Stats.Cases++

        $output | Should -BeNullOrEmpty
        $failure | Should -Not -BeNullOrEmpty -Because 'the call must fail'
        $failure.FullyQualifiedErrorId | Should -BeLike "$Id*"
        "$($failure.CategoryInfo.Category)" | Should -Be $Category
        $failure.Exception.Message | Should -Not -BeNullOrEmpty
        if ($null -eq $case['Local'] -or $case['Local'] -eq $true) {
            $Stats.RequestsOfLocalCases += $sent.Count
            @($sent | ForEach-Object { "$($_.method) $($_.path)" }) | Should -BeNullOrEmpty -Because 'the error is detectable without the service'
        }
        elseif ($case['Local'] -eq 'NoCreate') {
            @($sent | Where-Object method -ne 'GET' | ForEach-Object { "$($_.method) $($_.path)" }) | Should -BeNullOrEmpty -Because 'nothing may be created or changed'
        }
    }
}

Describe 'Sessions that cannot be used' {
    It 'reports a disconnected session as SessionDisconnected (InvalidOperation) without a request' {
        $other = Connect-MaLocalSession $service -PassThru
        Disconnect-MaSession -Session $other
        $before = Get-MaLocalRequestSeq $service
        { Get-MaTrainingJob -Session $other -ErrorAction Stop } | Should -Throw -ErrorId 'SessionDisconnected*'
        try { Get-MaTrainingJob -Session $other -ErrorAction Stop } catch { "$($_.CategoryInfo.Category)" | Should -Be 'InvalidOperation' }
        @(Get-MaLocalRequestLog $service -Since $before) | Should -BeNullOrEmpty
        Connect-MaLocalSession $service
    }

    It 'renews an expired IAM token by itself: one sign-in more, the call succeeds' {
        # The service's clock cannot be set from here: the test waits for a short-lived token to expire. Four seconds of
        # life, so that a loaded machine does not see the token renewed twice (the client renews it 10% before the end).
        $short = Start-MaLocalService -ArgumentList '--token-lifetime-seconds', '4'
        try {
            $credential = [pscredential]::new($short.UserName, (ConvertTo-SecureString $short.Password -AsPlainText -Force))
            $tokenSession = Connect-MaSession -Credential $credential -DomainName $short.DomainName -Endpoint $short.Url -Region $short.ProjectName -TrainingApi V1 -PassThru
            $null = Get-MaTrainingJob -Session $tokenSession
            Start-Sleep -Seconds 5
            $before = Get-MaLocalRequestSeq $short
            { Get-MaTrainingJob -Session $tokenSession -ErrorAction Stop } | Should -Not -Throw
            $sent = @(Get-MaLocalRequestLog $short -Since $before)
            @($sent | Where-Object path -like '/v3/auth/tokens').Count | Should -Be 1
        }
        finally { Stop-MaLocalService -Service $short; Connect-MaLocalSession $service }
    }

}
