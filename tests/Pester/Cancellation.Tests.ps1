# Issue 7, part 6: a hung service fails a call within its timeout with a clear OperationTimeout error, and Ctrl+C
# (PowerShell.Stop, which runs StopProcessing) ends a wait, a follow or a slow call within one second.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/ReliabilityHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $service = Start-PortService
    $jobArgs = Write-TrainingScript -Service $service -Name 'long.sh' -Content 'for i in $(seq 1 600); do echo "tick $i"; sleep 0.1; done'
    $session = Connect-LocalService -Service $service
    $job = New-MaTrainingJob -Session $session -Name 'cancel-long' @jobArgs

    function Measure-Stop([scriptblock] $Script, [object[]] $Arguments, [int] $RunForMs = 1500) {
        # Starts the command in a runspace, lets it run, then stops it as Ctrl+C would; returns how long Stop() took.
        $ps = [powershell]::Create()
        $null = $ps.AddScript($Script)
        foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
        $handle = $ps.BeginInvoke()
        Start-Sleep -Milliseconds $RunForMs
        $stillRunning = -not $handle.IsCompleted
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $elapsed = $clock.Elapsed
        $state = $ps.InvocationStateInfo.State
        $ps.Dispose()
        [pscustomobject]@{ WasRunning = $stillRunning; Seconds = $elapsed.TotalSeconds; State = "$state" }
    }
}

AfterAll { Stop-MaLocalService -Service $service }

Describe 'Ctrl+C ends long calls within a second' {
    It 'ends <Name>' -ForEach @(
        @{ Name = 'Wait-MaTrainingJob'; Script = { param($m, $s, $id) Import-Module $m; Wait-MaTrainingJob -Session $s -JobId $id } }
        @{ Name = 'Get-MaTrainingJobLog -Follow'; Script = { param($m, $s, $id) Import-Module $m; Get-MaTrainingJobLog -Session $s -JobId $id -Follow -Raw } }
        @{ Name = 'a call the service never answers'; Hang = $true; Script = { param($m, $s, $id) Import-Module $m; Get-MaTrainingJob -Session $s -JobId $id } }
    ) {
        if ($Hang) { Set-MaFault -Service $service -Settings @{ hang_rate = 1.0 } }
        try { $result = Measure-Stop $Script @($env:MODELARTS_TEST_MODULE, $session, $job.JobId) }
        finally { if ($Hang) { Clear-MaFault -Service $service } }
        Write-Figure "cancel.seconds-to-stop.$Name" ([math]::Round($result.Seconds, 3))
        $result.WasRunning | Should -BeTrue
        $result.State | Should -Be 'Stopped'
        $result.Seconds | Should -BeLessThan 1
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
                $url = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"
                $call = { Connect-MaSession -AccessKey $service.AccessKey -SecretKey (ConvertTo-SecureString $service.SecretKey -AsPlainText -Force) -Endpoint $url -ProjectId $service.ProjectId -Region $service.ProjectName -TimeoutSec 1 -ErrorAction Stop }
            }
            else {
                $fast = Connect-LocalService -Service $service -Extra @{ TimeoutSec = 1 }
                Set-MaFault -Service $service -Settings @{ hang_rate = 1.0 }
                $call = { Get-MaTrainingJob -Session $fast -JobId $job.JobId -ErrorAction Stop }
            }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $failure = $null
            try { & $call } catch { $failure = $_ }
            $seconds = $clock.Elapsed.TotalSeconds
            Write-Figure "timeout.seconds-to-fail.$Target" ([math]::Round($seconds, 2))
            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -BeLike 'RequestTimedOut*'
            "$($failure.CategoryInfo.Category)" | Should -Be 'OperationTimeout'
            $failure.Exception.Message | Should -BeLike '*No answer within 1 s*'
            # Four attempts of 1 s and the backoff between them (at most 0.5 + 1 + 2 s).
            $seconds | Should -BeLessThan 9
        }
        finally {
            if ($listener) { $listener.Stop() }
            Clear-MaFault -Service $service
            $null = Connect-LocalService -Service $service
        }
    }
}
