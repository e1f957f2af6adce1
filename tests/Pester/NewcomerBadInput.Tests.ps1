# Issue 16 item 3: input the service would refuse fails with a clear error before any request, proven with the
# service's request log.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    Connect-MaLocalSession $svc
    # The catalog a create reads once per session, read now so that only the bad request itself could be sent.
    $null = Get-MaFlavor; $null = Get-MaEngine

    $script:valid = @{
        Name = 'bad_input'; FrameworkType = 'PyTorch'; FrameworkVersion = 'PyTorch-1.0.0-python3.6'; CodeDir = 'obs://bkt/code/'; BootFile = 'train.py'
        Inputs = 'obs://bkt/data/'; OutputPath = 'obs://bkt/out/'; TrainInstanceType = 'modelarts.vm.cpu.2u'
    }
    function Get-LastSeq { $log = @(Get-MaLocalRequestLog $svc); if ($log) { $log[-1].seq } else { 0 } }
    function Get-SentRequests([long] $Since) { @(Get-MaLocalRequestLog $svc -Since $Since | Where-Object path -NotLike '/_local/*') }
}

AfterAll {
    Disconnect-MaSession
    Stop-MaLocalService $svc
}

Describe 'Bad input never reaches the service (issue 16 item 3)' {
    It 'refuses <Parameter> <Case> before any request' -ForEach @(
        foreach ($parameter in 'Inputs', 'OutputPath', 'CodeDir') {
            @{ Parameter = $parameter; Case = 'with NUL'; Value = "obs://bkt/a$([char]0)b/"; Reason = 'control character \(U\+0000' }
            @{ Parameter = $parameter; Case = 'with a newline'; Value = "obs://bkt/a`nb/"; Reason = 'control character \(U\+000A' }
            @{ Parameter = $parameter; Case = 'with %2e%2e'; Value = 'obs://bkt/a/%2e%2e/b/'; Reason = "%2e%2e" }
            @{ Parameter = $parameter; Case = 'with %2E%2e upper case'; Value = 'obs://bkt/%2E%2e/'; Reason = "%2e%2e" }
            @{ Parameter = $parameter; Case = 'with a key over 1,024 bytes'; Value = "obs://bkt/$('k' * 1100)/"; Reason = 'is 1100 bytes long; OBS allows at most 1024' }
            @{ Parameter = $parameter; Case = 'with a key over 1,024 bytes of UTF-8'; Value = "obs://bkt/$('ä' * 600)/"; Reason = 'is 1200 bytes long' }
            @{ Parameter = $parameter; Case = 'with a lone surrogate'; Value = "obs://bkt/a$([char]0xD800)b/"; Reason = 'lone UTF-16 surrogate \(U\+D800\)' }
            @{ Parameter = $parameter; Case = 'with a bad bucket'; Value = 'obs://B!/x/'; Reason = "3 to 63 characters: lower-case letters, digits, '-' and '\.'" }
        }
    ) {
        $since = Get-LastSeq
        $arguments = $valid.Clone()
        $arguments[$Parameter] = $Value
        $failure = { New-MaTrainingJob @arguments -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Match '^InvalidObsPath,'
        $failure.Exception.Message | Should -Match $Reason
        Get-SentRequests $since | Should -BeNullOrEmpty
    }

    It 'refuses hyperparameters <Case> before any request' -ForEach @(
        @{ Case = 'more than 100'; Hyperparameter = & { $h = [ordered]@{}; 1..101 | ForEach-Object { $h["p$_"] = "$_" }; $h }; Reason = '101 hyperparameters given; ModelArts takes at most 100' }
        @{ Case = 'with a label starting with a digit'; Hyperparameter = [ordered]@{ '1rate' = '1' }; Reason = "name '1rate' is invalid: it must start with a letter" }
        @{ Case = 'with a label of 65 characters'; Hyperparameter = [ordered]@{ ('a' * 65) = '1' }; Reason = 'at most 64 letters' }
        @{ Case = 'with a label holding a colon'; Hyperparameter = [ordered]@{ 'a:b' = '1' }; Reason = "name 'a:b' is invalid" }
        @{ Case = 'with a value holding a newline'; Hyperparameter = [ordered]@{ rate = "1`n--evil=1" }; Reason = "value of hyperparameter 'rate' is invalid: it contains a control character" }
        @{ Case = 'with a 1 MB value'; Hyperparameter = [ordered]@{ rate = 'x' * 1MB }; Reason = 'it has 1048576 characters; at most 4096' }
        @{ Case = 'with a lone surrogate in a value'; Hyperparameter = [ordered]@{ rate = "a$([char]0xDC00)" }; Reason = 'lone UTF-16 surrogate \(U\+DC00\)' }
    ) {
        $since = Get-LastSeq
        $failure = { New-MaTrainingJob @valid -Hyperparameter $Hyperparameter -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Match '^InvalidHyperparameter,'
        $failure.Exception.Message | Should -Match $Reason
        Get-SentRequests $since | Should -BeNullOrEmpty
    }

    It '<Command> -JobId <JobId> is refused before anything is sent' -ForEach @(
        foreach ($command in 'Get-MaTrainingJob', 'Wait-MaTrainingJob', 'Stop-MaTrainingJob', 'Remove-MaTrainingJob', 'Get-MaTrainingJobLog') {
            @{ Command = $command; JobId = 0 }
            @{ Command = $command; JobId = -1 }
        }
    ) {
        $since = Get-LastSeq
        $noPrompt = if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { @{ Confirm = $false } } else { @{} }
        $failure = { & $Command -JobId $JobId @noPrompt -ErrorAction Stop } | Should -Throw -PassThru
        # JobId is text (a v2 UUID or a v1 number); on this v1 session the core refuses what is no positive number.
        $failure.FullyQualifiedErrorId | Should -Match '^InvalidJobId,'
        Get-SentRequests $since | Should -BeNullOrEmpty
    }

    It 'a 1 MB or non-ASCII job name fails in a fresh session without reading the catalog' -ForEach @(
        @{ Name = 'n' * 1MB }
        @{ Name = "job$([char]0xD800)" }
    ) {
        $session = Connect-MaLocalSession $svc -PassThru
        $since = Get-LastSeq
        $arguments = $valid.Clone()
        $arguments.Name = $Name
        $failure = { New-MaTrainingJob @arguments -Session $session -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Match '^InvalidJobName,'
        Get-SentRequests $since | Should -BeNullOrEmpty
        Disconnect-MaSession -Session $session
    }
}
