# Ctrl+C as a user sees it: a pipeline that is really working (waiting with progress, streaming log lines, inside an
# HTTP call the service never answers) stops, the job keeps running, and the service sees the abandoned call end.
# And a hung service fails a call within its timeout with a clear OperationTimeout error.
# No wall-clock threshold is asserted: the bounds only catch a hang; how long each stop took is a figure.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService
    Connect-MaLocalSession $svc
    $jobArgs = Write-TrainingScript -Service $svc -Name 'forever.sh' -Content 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'
    $script:job = New-MaTrainingJob -Name 'runs_forever' @jobArgs
    Wait-TestCondition { ($job | Get-MaTrainingJob).Status -eq 'Running' }

    # Ctrl+C on a working pipeline: it must stop; how long that took is a figure.
    function Stop-WorkingPipeline($Pipeline, [string] $Figure) {
        $stop = Stop-TestPipeline $Pipeline
        Write-Figure "cancel.seconds-to-stop.$Figure" ([math]::Round($stop.Seconds, 3))
        $stop.Stopped | Should -BeTrue -Because 'the pipeline must stop'
        $stop.State | Should -Be 'Stopped'
    }
}

AfterAll {
    $job | Stop-MaTrainingJob -Force
    Disconnect-MaSession
    Stop-MaLocalService $svc
}

Describe 'Stopping a working pipeline (Ctrl+C)' {
    It 'stops Wait-MaTrainingJob while it shows progress; the job keeps running' {
        $pipeline = Start-TestPipeline { param($id) Wait-MaTrainingJob -JobId $id } $job.JobId
        Wait-TestCondition { $pipeline.PowerShell.Streams.Progress.Count -gt 1 }
        $pipeline.PowerShell.Streams.Progress[-1].StatusDescription | Should -Match '^Running, \d+:\d\d elapsed$'
        Stop-WorkingPipeline $pipeline 'wait'
        ($job | Get-MaTrainingJob).Status | Should -Be 'Running'
    }

    It 'stops Get-MaTrainingJobLog -Follow after it has streamed lines; the job keeps running' {
        $pipeline = Start-TestPipeline { param($id) Get-MaTrainingJobLog -JobId $id -Follow -Raw } $job.JobId
        Wait-TestCondition { $pipeline.Output.Count -gt 5 }
        $seen = $pipeline.Output.Count
        Wait-TestCondition { $pipeline.Output.Count -gt $seen } -Because 'the follow streams new lines as the job writes them'
        $pipeline.Output[-1] | Should -Match '^tick \d+$'
        Stop-WorkingPipeline $pipeline 'follow'
        ($job | Get-MaTrainingJob).Status | Should -Be 'Running'
    }

    It 'cancels an HTTP call the service never answers, and the service sees the call end (<Mode>)' -ForEach @(
        @{ Mode = 'with -Debug: sent from the thread pool'; Debug = $true }
        @{ Mode = 'without -Debug: sent on the pipeline thread itself'; Debug = $false }
    ) {
        # A timeout far beyond the bounds below: the call can only end by the stop.
        $session = Connect-MaLocalSession $svc -Parameters @{ TimeoutSec = 600 } -PassThru
        Set-MaLocalFault $svc @{ hang_rate = 1.0 }
        try {
            # The debug line comes just before the request is sent, and the service logs a request only when it ends:
            # a stop that lands before the request is on the wire leaves nothing to see, so such a round is repeated.
            $seen = @()
            for ($round = 1; $round -le 5 -and $seen.Count -eq 0; $round++) {
                $since = Get-MaLocalRequestSeq $svc
                $pipeline = Start-TestPipeline { param($s, $id, $d) Get-MaTrainingJob -Session $s -JobId $id -Debug:$d } $session, $job.JobId, $Debug
                if ($Debug) {
                    Wait-TestCondition { $pipeline.PowerShell.Streams.Debug.Message -match "^HTTP GET .*/training-jobs/$($job.JobId)/versions" }
                }
                else {
                    # Nothing shows that the request is on the wire; a round whose stop came too early is repeated.
                    Start-Sleep -Seconds 1
                }
                $pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Running'
                Stop-WorkingPipeline $pipeline "hung-call.$($Debug ? 'debug' : 'plain').round-$round"
                # An abandoned call the client left open would stay open for the whole 600 s timeout.
                $deadline = [DateTime]::UtcNow.AddSeconds(10)
                do { $seen = @(Get-MaLocalRequestLog $svc -Since $since | Where-Object fault -EQ 'hang') } while ($seen.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline)
            }
            $seen.Count | Should -Be 1 -Because 'the service must see the abandoned call end'
            $seen[0].path | Should -Be "/v1/$($svc.ProjectId)/training-jobs/$($job.JobId)/versions"
            Write-Figure "cancel.service-ms-until-abandoned-call-ended.$($Debug ? 'debug' : 'plain')" $seen[0].elapsed_ms
        }
        finally {
            Clear-MaLocalFault $svc
            $session | Disconnect-MaSession
            Connect-MaLocalSession $svc
        }
    }
}

Describe 'A hung service fails a call within its timeout' {
    It 'fails <Name> with RequestTimedOut (OperationTimeout)' -ForEach @(
        @{ Name = 'Get-MaTrainingJob against hanging answers'; Target = 'service' }
        @{ Name = 'Connect-MaSession against a listener that never answers'; Target = 'listener' }
    ) {
        $listener = $null
        try {
            if ($Target -eq 'listener') {
                $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
                $listener.Start(16)
                # The service's credentials, sent to an address that accepts connections and never answers.
                $silent = $svc.PSObject.Copy()
                $silent.Url = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"
                $call = { Connect-MaLocalSession $silent -Parameters @{ TimeoutSec = 1; ErrorAction = 'Stop' } }
            }
            else {
                $fast = Connect-MaLocalSession $svc -Parameters @{ TimeoutSec = 1 } -PassThru
                Set-MaLocalFault $svc @{ hang_rate = 1.0 }
                $call = { Get-MaTrainingJob -Session $fast -JobId $job.JobId -ErrorAction Stop }
            }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $failure = $null
            try { & $call } catch { $failure = $_ }
            $seconds = $clock.Elapsed.TotalSeconds
            # Four attempts of 1 s and the backoff between them (at most 0.5 + 1 + 2 s) when the machine is idle.
            Write-Figure "timeout.seconds-to-fail.$Target" ([math]::Round($seconds, 2))
            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -BeLike 'RequestTimedOut*'
            "$($failure.CategoryInfo.Category)" | Should -Be 'OperationTimeout'
            $failure.Exception.Message | Should -BeLike '*No answer within 1 s*'
        }
        finally {
            if ($listener) { $listener.Stop() }
            Clear-MaLocalFault $svc
            Connect-MaLocalSession $svc
        }
    }
}
