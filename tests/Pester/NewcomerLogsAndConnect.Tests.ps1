# Issue 16 items 7 and 9: logs that say what is going on, and an explicit opt-in for plain http beyond loopback.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    # One job at a time, so a second job stays pending while the first sleeps.
    $script:svc = Start-MaLocalService -ArgumentList '--max-running-jobs', '1'
    Connect-MaLocalSession $svc
    Set-MaLocalObject $svc 'bkt/code/train.py' @'
import argparse, time
parser = argparse.ArgumentParser()
parser.add_argument('--sleep', type=float, default=0)
args, _ = parser.parse_known_args()
print('hello', flush=True)
time.sleep(args.sleep)
'@
    Set-MaLocalObject $svc 'bkt/data/train.csv' "x,y`n1,2`n"
    function New-LogJob([string] $Name, [int] $Workers = 1, [string] $Sleep = '0') {
        New-MaTrainingJob -Name $Name -FrameworkType PyTorch -FrameworkVersion PyTorch-1.0.0-python3.6 -CodeDir obs://bkt/code/ -BootFile train.py `
            -Inputs obs://bkt/data/ -OutputPath "obs://bkt/out/$Name/" -TrainInstanceType modelarts.vm.cpu.2u -TrainInstanceCount $Workers `
            -Hyperparameter ([ordered]@{ sleep = $Sleep })
    }
    function Get-LastSeq { $log = @(Get-MaLocalRequestLog $svc); if ($log) { $log[-1].seq } else { 0 } }
}

AfterAll {
    Get-MaTrainingJob | Stop-MaTrainingJob -ErrorAction SilentlyContinue
    Disconnect-MaSession -ErrorAction SilentlyContinue
    Stop-MaLocalService $svc
}

Describe 'Logs say what is going on (issue 16 item 7)' {
    It '-Worker beyond the job''s workers is an error naming the range, and no log file is read' {
        $job = New-LogJob 'two_workers' -Workers 2 | Wait-MaTrainingJob
        $since = Get-LastSeq
        $failure = { Get-MaTrainingJobLog -JobId $job.JobId -Worker 99 -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Match '^WorkerOutOfRange,'
        $failure.Exception.Message | Should -Match "has 2 workers, numbered 0 to 1; there is no worker 99\."
        $failure.TargetObject | Should -Be 99
        @(Get-MaLocalRequestLog $svc -Since $since | Where-Object path -Like '*/log*').Count | Should -Be 0
        # A worker the job has still reads as before.
        @(Get-MaTrainingJobLog -JobId $job.JobId -Worker 1).Line | Should -Contain 'hello'
    }

    It 'an empty log of a job still pending says so' {
        $busy = New-LogJob 'busy' -Sleep '120'
        $pending = New-LogJob 'pending'
        (Get-MaTrainingJob -JobId $pending.JobId).Status | Should -BeIn 'Init', 'Waiting', 'SubmitTrying'
        $lines = @(Get-MaTrainingJobLog -JobId $pending.JobId -WarningVariable warnings -WarningAction SilentlyContinue)
        $lines.Count | Should -Be 0
        "$warnings" | Should -Match "Training job 'pending' \($($pending.JobId)\) is still \w+: it has no log until it runs\. Add -Follow"
        $busy, $pending | Stop-MaTrainingJob
    }
}

Describe 'Plain http beyond loopback only with -AllowInsecureHttp (issue 16 item 9)' {
    It 'without the switch an http endpoint on another host is refused before anything is sent, and the error names the switch' {
        $sk = ConvertTo-SecureString $svc.SecretKey -AsPlainText -Force
        $failure = { Connect-MaSession -Endpoint http://modelarts-ci.invalid:8443 -AccessKey $svc.AccessKey -SecretKey $sk -ProjectId $svc.ProjectId -ErrorAction Stop } |
            Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Match '^InsecureEndpoint,'
        $failure.Exception.Message | Should -Match 'Connect-MaSession -AllowInsecureHttp'
    }

    It 'with the switch it warns and tries the host (here a name that does not resolve)' {
        $sk = ConvertTo-SecureString $svc.SecretKey -AsPlainText -Force
        $failure = $null
        try {
            Connect-MaSession -Endpoint http://modelarts-ci.invalid:8443 -AccessKey $svc.AccessKey -SecretKey $sk -ProjectId $svc.ProjectId `
                -AllowInsecureHttp -TimeoutSec 5 -MaximumRetryCount 0 -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop
        }
        catch { $failure = $_ }
        "$warnings" | Should -Match 'AllowInsecureHttp: plain http to a host that is not loopback is allowed.*unencrypted'
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Match '^(ConnectionFailed|RequestTimedOut),'
    }
}
