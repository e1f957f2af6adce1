# Get-MaTrainingJobLog on the v2 training API (issue 12), against a real local service in both of its log modes:
# Huawei Cloud's (the line-paged log) and OTC's (preview and log URL only, with a preview window of 4 KB, so that every
# log here is bigger than the preview and the module must fetch the rest from the log URL with Range requests).
BeforeDiscovery {
    $script:Modes = @(
        @{ Mode = 'line-paged (Huawei Cloud)'; Arguments = @() }
        @{ Mode = 'preview and log URL only (OTC)'; Arguments = @('--v2-paged-log', 'false', '--v2-preview-bytes', '4096') }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force

    # Numbered lines per worker: `n <i> w<worker> xxx…`, 36 bytes each; a pause every -Every lines; exit code at the end.
    $script:Printer = @'
import argparse, os, sys, time
p = argparse.ArgumentParser()
p.add_argument('--count', type=int)
p.add_argument('--every', type=int, default=0)
p.add_argument('--pause', type=float, default=0)
p.add_argument('--exit_code', type=int, default=0)
a, _ = p.parse_known_args()
w = os.environ.get('VC_TASK_INDEX', '0')
for i in range(1, a.count + 1):
    print('n %06d w%s %s' % (i, w, 'x' * 20), flush=a.every > 0)
    if a.every and i % a.every == 0:
        time.sleep(a.pause)
if a.exit_code:
    print('bad data: column y missing on worker %s' % w, flush=True)
sys.exit(a.exit_code)
'@

    function Start-LogService([string[]] $Arguments) {
        $service = Start-MaLocalService -ArgumentList (@('--max-running-jobs', '4') + $Arguments)
        Set-MaLocalObject $service 'bkt/code/printer.py' $Printer
        Set-MaLocalObject $service 'bkt/data/train.csv' "x,y`n1,2`n"
        $service
    }

    function New-PrinterJob([string] $Name, [int] $Count, [int] $Every = 0, [double] $Pause = 0, [int] $ExitCode = 0, [int] $Workers = 1, [switch] $Wait) {
        $parameters = @{
            Name = $Name; FrameworkType = 'PyTorch'; FrameworkVersion = 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64'
            CodeDir = 'obs://bkt/code/'; BootFile = 'printer.py'; Inputs = 'obs://bkt/data/'; OutputPath = "obs://bkt/out/$Name/"
            TrainInstanceType = 'modelarts.vm.cpu.8u'; TrainInstanceCount = $Workers
            Hyperparameter = [ordered]@{ count = $Count; every = $Every; pause = $Pause; exit_code = $ExitCode }
        }
        $job = New-MaTrainingJob @parameters -ErrorAction Stop
        if ($Wait) { $job | Wait-MaTrainingJob -ErrorAction SilentlyContinue } else { $job }
    }

    function Get-TaskLogLines($Service, $Job, [int] $Worker = 0) {
        # The service's own file of the task's log: the truth that read and followed output is compared with.
        $file = Join-Path $Service.DataRoot "jobs/v2/$($Job.JobId)/modelarts/log/modelarts-job-$($Job.JobId)-worker-$Worker.log"
        if (Test-Path $file) { @(Get-Content -LiteralPath $file) } else { @() }
    }

    function Get-Numbered($Lines) { @($Lines | Where-Object { $_ -like 'n *' }) }

    function Get-Expected([int] $From, [int] $To, [int] $Worker = 0) { @($From..$To | ForEach-Object { 'n {0:d6} w{1} {2}' -f $_, $Worker, ('x' * 20) }) }
}

Describe 'Get-MaTrainingJobLog on v2, <Mode>' -ForEach $Modes {
    BeforeAll {
        $script:svc = Start-LogService $Arguments
        Connect-MaLocalSession $svc -TrainingApi V2
        # 3,000 lines (108 KB, 26 times the small preview) on each of two workers.
        $script:done = New-PrinterJob 'v2_log_pair' -Count 3000 -Workers 2 -Wait
    }
    AfterAll {
        Disconnect-MaSession
        Stop-MaLocalService $svc
    }

    It 'reads the whole log of every worker, worker 0 first, each line once and in order' {
        $done.Phase | Should -Be 'Completed'
        $lines = @(Get-MaTrainingJobLog -JobId $done.JobId)
        $lines.Line | Should -Be ((Get-TaskLogLines $svc $done 0) + (Get-TaskLogLines $svc $done 1))
        Get-Numbered ($lines | Where-Object Worker -EQ 1).Line | Should -Be (Get-Expected 1 3000 1)
        $lines[0].JobId | Should -Be $done.JobId
        $lines[0].LogFile | Should -Be 'worker-0'
        $lines[-1].LogFile | Should -Be 'worker-1'
    }

    It '-Tail N gives the last N lines of each worker; -Raw gives strings' {
        $tail = @(Get-MaTrainingJobLog -JobId $done.JobId -Tail 4 -Raw)
        $tail | Should -Be (@(Get-TaskLogLines $svc $done 0)[-4..-1] + @(Get-TaskLogLines $svc $done 1)[-4..-1])
        $tail[0] | Should -BeOfType [string]
    }

    It '-Tail beyond what the preview holds still gives exactly the last N lines' {
        @(Get-MaTrainingJobLog -JobId $done.JobId -Tail 1000 -Worker 0 -Raw) | Should -Be @(Get-TaskLogLines $svc $done 0)[-1000..-1]
    }

    It '-Worker picks a task; one the job does not have is an error naming the range' {
        $second = @(Get-MaTrainingJobLog -JobId $done.JobId -Worker 1)
        @($second.Worker | Sort-Object -Unique) | Should -Be @(1)
        $second.Line | Should -Be (Get-TaskLogLines $svc $done 1)
        $before = Get-MaLocalRequestSeq $svc
        $failure = { Get-MaTrainingJobLog -JobId $done.JobId -Worker 2 -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Match '^WorkerOutOfRange,'
        $failure.Exception.Message | Should -Match 'has 2 workers, numbered 0 to 1; there is no worker 2'
        @(Get-MaLocalRequestLog $svc -Since $before | Where-Object path -Like '*/logs*') | Should -BeNullOrEmpty
    }

    It '-Follow from creation to the end gets every line exactly once, faster than the preview window' {
        # 300 lines (11 KB, nearly three preview windows) per pause of 0.3 s.
        $job = New-PrinterJob 'v2_log_follow' -Count 6000 -Every 300 -Pause 0.3
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $lines = @(Get-MaTrainingJobLog -JobId $job.JobId -Follow -Raw)
        Write-Figure "v2log.follow.seconds [$Mode]" ([math]::Round($clock.Elapsed.TotalSeconds, 1))
        (Get-MaTrainingJob -JobId $job.JobId).Phase | Should -Be 'Completed'
        Get-Numbered $lines | Should -Be (Get-Expected 1 6000)
        $lines | Should -Be (Get-TaskLogLines $svc $job)
    }

    It '-Follow rides out a service restart without losing or repeating a line' {
        $job = New-PrinterJob 'v2_log_restart' -Count 400 -Every 20 -Pause 0.1
        $follow = Start-TestPipeline { param($id) Get-MaTrainingJobLog -JobId $id -Follow -Raw } @($job.JobId)
        Wait-TestCondition { (Get-Numbered (Get-TaskLogLines $svc $job)).Count -ge 60 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $script:svc = Restart-MaLocalService -Service $svc
        Write-Figure "v2log.restart.seconds-down [$Mode]" ([math]::Round($clock.Elapsed.TotalSeconds, 2))
        $result = Receive-TestPipeline $follow 180
        $file = Get-TaskLogLines $svc $job
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -Be $file
        $numbers = @(Get-Numbered $result.Output | ForEach-Object { [int]($_ -split ' ')[1] })
        Write-Figure "v2log.restart.lines-followed [$Mode]" $numbers.Count
        $numbers.Count | Should -BeGreaterOrEqual 60
        $numbers | Should -Be @(1..$numbers.Count)
    }

    It 'a failed job''s error quotes the last lines of each worker''s log' {
        $failure = { New-PrinterJob 'v2_log_fails' -Count 50 -ExitCode 3 -Workers 2 | Wait-MaTrainingJob -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Match '^TrainingJobFailed,'
        $failure.Exception.Message | Should -Match 'ended Failed'
        $failure.Exception.Message | Should -Match 'The last lines of its log:'
        $failure.Exception.Message | Should -Match '\[worker 0\] bad data: column y missing on worker 0'
        $failure.Exception.Message | Should -Match '\[worker 1\] bad data: column y missing on worker 1'
    }

    It 'a job that waits has no log yet (204): a warning, not an error' {
        $blocker = @(1..4 | ForEach-Object { New-PrinterJob "v2_log_busy$_" -Count 200 -Every 1 -Pause 0.1 })
        $pending = New-PrinterJob 'v2_log_pending' -Count 1
        $warnings = $null
        $lines = @(Get-MaTrainingJobLog -JobId $pending.JobId -WarningVariable warnings -ErrorAction Stop)
        $lines | Should -BeNullOrEmpty
        "$warnings" | Should -Match 'has no log until it runs'
        $blocker + $pending | Stop-MaTrainingJob -ErrorAction SilentlyContinue
    }
}
