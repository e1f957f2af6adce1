# Ctrl+C as a user sees it: a pipeline that is really working (waiting with progress, streaming log lines, inside an
# HTTP call) stops within a second or two, the job keeps running, and the service sees the abandoned call end.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    Connect-MaTestSession $svc
    Set-MaTestObject $svc 'bkt/code/forever.py' @'
import time
for i in range(100000):
    print('tick', i, flush=True)
    time.sleep(0.1)
'@
    Set-MaTestObject $svc 'bkt/data/x.csv' 'x'
    $script:job = New-MaTrainingJob -Name 'runs_forever' -FrameworkType PyTorch -FrameworkVersion 'PyTorch-1.0.0-python3.6' -CodeDir '/bkt/code/' `
        -BootFile 'forever.py' -Inputs '/bkt/data/' -OutputPath '/bkt/out/' -TrainInstanceType 'modelarts.vm.cpu.2u'

    # Starts a script in another runspace of this process (the default session is shared), as a host runs a pipeline.
    function Start-Pipeline([string] $Script, [object[]] $Arguments = @()) {
        $ps = [powershell]::Create()
        # One script, not a batch of statements: stopping and disposing a running batch crashes PowerShell itself.
        $null = $ps.AddScript("Import-Module '$env:MODELARTS_TEST_MODULE'`n" + $Script)
        foreach ($argument in $Arguments) { $null = $ps.AddArgument($argument) }
        $noInput = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $noInput.Complete()
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $null = $ps.BeginInvoke($noInput, $output)
        [pscustomobject]@{ PowerShell = $ps; Output = $output }
    }

    # What Ctrl+C does (PowerShell.Stop runs StopProcessing); returns how long the stop took, bounded so a hang fails.
    function Stop-Pipeline($Pipeline) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $stopping = $Pipeline.PowerShell.BeginStop($null, $null)
        $stopping.AsyncWaitHandle.WaitOne(10000) | Should -BeTrue -Because 'the pipeline must stop'
        $clock.Elapsed
        $Pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        $Pipeline.PowerShell.Dispose()
    }

    function Wait-Until([scriptblock] $Condition, [int] $Seconds = 20) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for: $Condition" }
            Start-Sleep -Milliseconds 100
        }
    }

    Wait-Until { ($job | Get-MaTrainingJob).Status -eq 'Running' }
}

AfterAll {
    $job | Stop-MaTrainingJob -Force
    Disconnect-MaSession
    Stop-MaLocalService $svc
}

Describe 'Stopping a working pipeline (Ctrl+C)' {
    It 'stops Wait-MaTrainingJob while it shows progress; the job keeps running' {
        $pipeline = Start-Pipeline 'Wait-MaTrainingJob -JobId $args[0]' $job.JobId
        Wait-Until { $pipeline.PowerShell.Streams.Progress.Count -gt 1 }
        $pipeline.PowerShell.Streams.Progress[-1].StatusDescription | Should -Match '^Running, \d+:\d\d elapsed$'
        (Stop-Pipeline $pipeline).TotalSeconds | Should -BeLessThan 2
        ($job | Get-MaTrainingJob).Status | Should -Be 'Running'
    }

    It 'stops Get-MaTrainingJobLog -Follow after it has streamed lines; the job keeps running' {
        $pipeline = Start-Pipeline 'Get-MaTrainingJobLog -JobId $args[0] -Follow -Raw' $job.JobId
        Wait-Until { $pipeline.Output.Count -gt 5 }
        $seen = $pipeline.Output.Count
        Wait-Until { $pipeline.Output.Count -gt $seen }
        $pipeline.Output[-1] | Should -Match '^tick \d+$'
        (Stop-Pipeline $pipeline).TotalSeconds | Should -BeLessThan 2
        ($job | Get-MaTrainingJob).Status | Should -Be 'Running'
    }

    It 'cancels an HTTP call the service never answers: the stop is prompt and the service sees the call end' {
        $since = (Get-MaLocalRequestLog $svc)[-1].seq
        $null = Invoke-RestMethod "$($svc.Url)/_local/faults" -Method Put -ContentType 'application/json' -Body '{"hang_rate":1}'
        try {
            $pipeline = Start-Pipeline 'Get-MaTrainingJob -JobId $args[0] -Debug' $job.JobId
            Wait-Until { $pipeline.PowerShell.Streams.Debug.Message -match "^HTTP GET .*/training-jobs/$($job.JobId)/versions" }
            Start-Sleep -Milliseconds 500
            $pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Running'
            (Stop-Pipeline $pipeline).TotalSeconds | Should -BeLessThan 2
            # The service logs a request when it ends; one the client left open would never appear.
            Wait-Until { Get-MaLocalRequestLog $svc -Since $since | Where-Object fault -EQ 'hang' } -Seconds 3
            $hung = @(Get-MaLocalRequestLog $svc -Since $since | Where-Object fault -EQ 'hang')
            $hung.Count | Should -Be 1
            $hung[0].path | Should -Be "/v1/$($svc.ProjectId)/training-jobs/$($job.JobId)/versions"
            $hung[0].elapsed_ms | Should -BeLessThan 4000
        }
        finally {
            $null = Invoke-RestMethod "$($svc.Url)/_local/faults" -Method Delete
        }
    }
}
