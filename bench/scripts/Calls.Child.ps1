<#
.SYNOPSIS
    Benchmark 2, run in a fresh pwsh: N sequential calls of a cmdlet vs Invoke-RestMethod vs a raw HttpClient loop,
    alternating in rounds, on the v1 and the v2 training API. The baselines send exactly the GET request(s) one cmdlet
    call sent (read back from the service's /_local/requests log), with the same IAM token in X-Auth-Token.
#>
param(
    [string] $ModulePath, [string] $LibPath, [string] $Url, [string] $ProjectId,
    [string] $UserName, [string] $Password, [string] $DomainName, [string] $AccessKey, [string] $SecretKey,
    [int] $Calls = 500, [int] $Rounds = 5, [string] $JobId, [switch] $NoAkSk,
    [string] $ResultPath
)
. (Join-Path $PSScriptRoot 'ChildCommon.ps1')

# AK/SK sessions kept aside (the signing-cost variant), one per training API.
$akSessions = @{}
if (-not $NoAkSk) {
    try {
        foreach ($api in 'V1', 'V2') {
            $akSessions[$api] = Connect-MaSession -Endpoint $Url -AccessKey $AccessKey -SecretKey (ConvertTo-SecureString $SecretKey -AsPlainText -Force) -ProjectId $ProjectId -TrainingApi $api -PassThru
        }
    }
    catch {
        $akSessionError = $_.Exception.Message
        $akSessions = @{}
    }
}

# The v2 job the v2 rows read: made with the module itself, finished before anything is timed.
Connect-BenchSession -TrainingApi V2
$v2JobId = (New-MaTrainingJob -Name 'bench_calls_v2' -FrameworkType PyTorch -FrameworkVersion 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64' `
        -CodeDir /bench/code/ -BootFile hello.py -Inputs /bench/data/ -OutputPath /bench/output/bench_calls_v2/ -TrainInstanceType modelarts.vm.cpu.2u -Wait).JobId

$token = Get-BenchToken
$headers = @{ 'X-Auth-Token' = $token }
$raw = [ModelArtsBench.RawGetLoop]::new($token)

$scenarios = foreach ($api in 'V1', 'V2') {
    $id = $api -eq 'V1' ? $JobId : $v2JobId
    [ordered]@{
        Name     = "$api Get-MaFlavor"
        Api      = $api
        Ours     = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Get-MaFlavor } }
        OursAkSk = { param($n, $s) for ($i = 0; $i -lt $n; $i++) { $null = Get-MaFlavor -Session $s } }
    }
    [ordered]@{
        Name     = "$api Get-MaTrainingJob -JobId"
        Api      = $api
        Ours     = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Get-MaTrainingJob -JobId $id } }.GetNewClosure()
        OursAkSk = $null
    }
}

$irmLoop = { param($n, $uris) for ($i = 0; $i -lt $n; $i++) { foreach ($u in $uris) { $null = Invoke-RestMethod -Uri $u -Headers $headers } } }

$self = [Diagnostics.Process]::GetCurrentProcess()
$output = [Collections.Generic.List[object]]::new()
foreach ($scenario in $scenarios) {
    Connect-BenchSession -TrainingApi $scenario.Api
    # Warm up (the first call authenticates and JIT-compiles), then see which requests one call sends.
    $null = & $scenario.Ours 3
    $seq = Get-MaLocalRequestSeq $LocalService
    $null = & $scenario.Ours 1
    $sent = @(Get-MaLocalRequestLog $LocalService -Since $seq)
    $seq = Get-MaLocalRequestSeq $LocalService -Since $seq
    $gets = @($sent | Where-Object { $_.method -eq 'GET' -and $_.path -match '^/v[12]/' })
    if ($gets.Count -eq 0) { throw "$($scenario.Name) sent no GET to the training API: $(@($sent | ForEach-Object { "$($_.method) $($_.path)" }) -join ', ')" }
    $uris = @($gets | ForEach-Object { $q = ([string]$_.query).TrimStart('?'); $q ? "$Url$($_.path)?$q" : "$Url$($_.path)" })

    # Warm up every loop (tiered JIT, connections) with as many calls as a timed loop, at least 200, then let the
    # background tier-1 compilations finish.
    $warm = [Math]::Max(5000, $Calls)
    $null = & $scenario.Ours $warm
    $null = & $irmLoop $warm $uris
    $null = $raw.Run([string[]]$uris, $warm)
    $akSession = $akSessions[$scenario.Api]
    $useAkSk = $null -ne $akSession -and $null -ne $scenario.OursAkSk
    if ($useAkSk) { $null = & $scenario.OursAkSk $warm $akSession }
    Start-Sleep -Milliseconds 500
    $seq = Get-MaLocalRequestSeq $LocalService -Since $seq

    $times = [ordered]@{ Ours = [Collections.Generic.List[double]]::new(); Irm = [Collections.Generic.List[double]]::new(); Raw = [Collections.Generic.List[double]]::new(); OursAkSk = [Collections.Generic.List[double]]::new() }
    $cpu = @{ Ours = 0.0; Irm = 0.0; Raw = 0.0; OursAkSk = 0.0 }
    $oursRequests = 0L
    $methods = @('Ours', 'Irm', 'Raw') + ($useAkSk ? @('OursAkSk') : @())
    # One round: every loop once, the order rotating every round so that none always runs first or after the same
    # neighbour. Dot-sourced, so that it records into this scope.
    $runRound = {
        param([int] $Round, [bool] $Record)
        $order = @(for ($k = 0; $k -lt $methods.Count; $k++) { $methods[($k + $Round) % $methods.Count] })
        [GC]::Collect()
        foreach ($method in $order) {
            $cpuBefore = $self.TotalProcessorTime.TotalMilliseconds
            $watch = [Diagnostics.Stopwatch]::StartNew()
            switch ($method) {
                'Ours' { & $scenario.Ours $Calls }
                'Irm' { & $irmLoop $Calls $uris }
                'Raw' { $null = $raw.Run([string[]]$uris, $Calls) }
                'OursAkSk' { & $scenario.OursAkSk $Calls $akSession }
            }
            $elapsed = $watch.Elapsed.TotalMilliseconds
            $self.Refresh()
            $sentSince = @(Get-MaLocalRequestLog $LocalService -Since $seq)
            $seq = Get-MaLocalRequestSeq $LocalService -Since $seq
            if ($Record) {
                $cpu[$method] += $self.TotalProcessorTime.TotalMilliseconds - $cpuBefore
                $times[$method].Add($elapsed * 1000 / $Calls)  # µs per call
                if ($method -eq 'Ours') { $oursRequests += $sentSince.Count }
            }
        }
    }

    # Untimed rounds until the JIT is quiet: tier-1 compilations go on in the background for seconds after the warm-up
    # loops (the first scenario saw 1,700 methods compiled during its timed rounds), and on 2 cores they take one. At
    # least as many rounds as will be timed (what runs once a round, such as reading the request log, is promoted only
    # after 30 calls), then until fewer than 5 methods were compiled over the last 5 rounds; at most 200 rounds.
    $settleRounds = 0
    $window = [Collections.Generic.Queue[long]]::new()
    $window.Enqueue([System.Runtime.JitInfo]::GetCompiledMethodCount($false))
    while ($settleRounds -lt 200) {
        . $runRound $settleRounds $false
        $settleRounds++
        $window.Enqueue([System.Runtime.JitInfo]::GetCompiledMethodCount($false))
        if ($window.Count -gt 6) { $null = $window.Dequeue() }
        if ($settleRounds -ge $Rounds -and $window.Count -eq 6 -and ($window.ToArray()[5] - $window.Peek()) -lt 5) { break }
    }

    $jitCount = [System.Runtime.JitInfo]::GetCompiledMethodCount($false); $jitTime = [System.Runtime.JitInfo]::GetCompilationTime($false)
    for ($round = 0; $round -lt $Rounds; $round++) {
        . $runRound $round $true
    }
    $jitCount = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $jitCount; $jitTime = ([System.Runtime.JitInfo]::GetCompilationTime($false) - $jitTime).TotalMilliseconds
    $output.Add([ordered]@{
            Name            = $scenario.Name
            Uris            = $uris
            RequestsPerCall = $sent.Count
            SentPerCall     = @($sent | ForEach-Object { "$($_.method) $($_.path)$(if ($_.query) { '?' + ([string]$_.query).TrimStart('?') })" })
            OursRequestsPerCallMeasured = $oursRequests / ($Calls * $Rounds)
            # What the JIT still compiled while the rounds ran (all threads): a warm-up that ended too early shows here.
            SettleRounds    = $settleRounds
            JitMethods      = $jitCount
            JitMs           = $jitTime
            OursUs          = $times.Ours
            IrmUs           = $times.Irm
            RawUs           = $times.Raw
            OursAkSkUs      = $times.OursAkSk
            # The whole process's CPU (every thread) per call, summed over all blocks of each loop.
            CpuUs           = [ordered]@{ Ours = $cpu.Ours * 1000 / ($Calls * $Rounds); Irm = $cpu.Irm * 1000 / ($Calls * $Rounds); Raw = $cpu.Raw * 1000 / ($Calls * $Rounds); OursAkSk = $useAkSk ? $cpu.OursAkSk * 1000 / ($Calls * $Rounds) : $null }
        })
}
Write-ChildResult ([ordered]@{ Calls = $Calls; Rounds = $Rounds; AkSkError = (Get-Variable akSessionError -ValueOnly -ErrorAction SilentlyContinue); Scenarios = $output })
