#requires -Version 7.2
<#
.SYNOPSIS
    The overhead of the local service on a 2-worker PyTorch DDP job: examples/pytorch-ddp run as a job (create
    request to terminal status) against the same two processes started by hand with the same environment.
.DESCRIPTION
    Alternates the two ways for -Rounds rounds (the order flips every round, so both share the machine's
    conditions) and reports the medians and their ratio (goal <= 1.05) in bench/ddp/RESULTS.md, with the raw
    samples in RESULTS.json. Needs PyTorch for -Python (Debian: python3-torch).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh bench/ddp/Measure-DdpOverhead.ps1
#>
[CmdletBinding()]
param(
    [string] $ServicePath = (Join-Path $PSScriptRoot '../../out/ModelArts.Emulator/ModelArts.Emulator.dll'),
    [string] $Python = '/usr/bin/python3',
    [ValidateRange(1, 50)] [int] $Rounds = 5,
    [ValidateRange(1, 1000)] [int] $Epochs = 20,
    [string] $OutputPath = (Join-Path $PSScriptRoot 'RESULTS.md'),
    [ValidateRange(10, 3600)] [int] $TimeoutSeconds = 600
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot '../BenchCommon.psm1') -Force
$ServicePath = (Resolve-Path $ServicePath).Path
$script = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/pytorch-ddp/code/train.py')).Path
$invariant = [Globalization.CultureInfo]::InvariantCulture
$hyper = [ordered]@{ epochs = "$Epochs"; lr = '0.1' }

& $Python -c 'import torch' 2>$null
if ($LASTEXITCODE -ne 0) { throw "$Python cannot import torch (Debian: apt-get install python3-torch)." }

function Get-FreePort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Invoke-ByHand {
    <#
    .SYNOPSIS
        The two workers as a user starts them from a shell, with what the service gives them: the same interpreter,
        arguments, working copy and v1 variables (BATCH_CUSTOM{i}_HOSTS on loopback ports that are free).
    #>
    param([string] $Work)
    $code = Join-Path $Work 'code'
    $output = Join-Path $Work 'output'
    $data = Join-Path $Work 'data'
    foreach ($directory in $code, $output, $data) { $null = New-Item -ItemType Directory $directory -Force }
    Copy-Item $script $code
    $hosts = @(1..2 | ForEach-Object { "127.0.0.1:$(Get-FreePort)" })
    $arguments = @("--data_url=$data", "--train_url=$output") + @($hyper.Keys | ForEach-Object { "--$_=$($hyper[$_])" })
    $worker = { param($rank) "DLS_TASK_INDEX=$rank DLS_TASK_NUMBER=2 BATCH_CUSTOM0_HOSTS=$($hosts[0]) BATCH_CUSTOM1_HOSTS=$($hosts[1]) PYTHONUNBUFFERED=1 '$Python' train.py $($arguments -join ' ') > worker-$rank.log 2>&1" }
    $shell = "cd '$code' && { $(& $worker 0) & first=`$!; $(& $worker 1) & second=`$!; wait `$first && wait `$second; }"
    $start = [Diagnostics.ProcessStartInfo]::new('bash')
    $start.ArgumentList.Add('-c')
    $start.ArgumentList.Add($shell)
    $start.UseShellExecute = $false
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($start)
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "The workers started by hand ran longer than $TimeoutSeconds s." }
    $seconds = $watch.Elapsed.TotalSeconds
    if ($process.ExitCode -ne 0) { throw "A worker started by hand failed: $(Get-Content (Join-Path $code 'worker-*.log') -Raw)" }
    $seconds
}

function Invoke-AsJob {
    <# Create request to terminal status, polled every 50 ms; returns the wall time and the service's own duration. #>
    param($Service, [int] $Round)
    $body = [ordered]@{
        job_name = "ddp_bench_$Round"
        config   = [ordered]@{
            worker_server_num = 2
            app_url           = '/bench/code/'
            boot_file_url     = '/bench/code/train.py'
            data_url          = '/bench/data/'
            train_url         = "/bench/output/$Round/"
            spec_id           = $Service.SpecId
            engine_id         = $Service.EngineId
            parameter         = @($hyper.Keys | ForEach-Object { [ordered]@{ label = $_; value = $hyper[$_] } })
        }
    }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $created = Invoke-BenchApi -Service $Service -Method POST -Path '/training-jobs' -Body $body
    while ($true) {
        $detail = Invoke-BenchApi -Service $Service -Path "/training-jobs/$($created.job_id)/versions/$($created.version_id)"
        if (@(10, 11, 12, 14) -contains [int]$detail.status) { break }
        if ($watch.Elapsed.TotalSeconds -gt $TimeoutSeconds) { throw "The job ran longer than $TimeoutSeconds s." }
        Start-Sleep -Milliseconds 50
    }
    $seconds = $watch.Elapsed.TotalSeconds
    if ([int]$detail.status -ne 10) { throw "The benchmark job ended with status $($detail.status); see $($Service.DataRoot)/jobs/$($created.job_id)." }
    [pscustomobject]@{ Wall = $seconds; Duration = [double]$detail.duration / 1000 }
}

$service = Start-MaLocalService -ServicePath $ServicePath -ArgumentList @('--engine-python', "PyTorch=$Python", '--log-level', 'Warning')
$work = Join-Path ([IO.Path]::GetTempPath()) ('ddp-bench-' + [Guid]::NewGuid().ToString('n').Substring(0, 8))
try {
    $null = New-Item -ItemType Directory (Join-Path $service.DataRoot 'obs/bench/code'), (Join-Path $service.DataRoot 'obs/bench/data') -Force
    Copy-Item $script (Join-Path $service.DataRoot 'obs/bench/code')
    $token = Invoke-WebRequest -Method POST -Uri "$($service.Url)/v3/auth/tokens" -ContentType 'application/json' -Body (@{
            auth = @{ identity = @{ methods = @('password'); password = @{ user = @{ name = $service.UserName; password = $service.Password; domain = @{ name = $service.DomainName } } } }
                scope = @{ project = @{ name = $service.ProjectName } } }
        } | ConvertTo-Json -Depth 10)
    $service | Add-Member Token ([string]$token.Headers['X-Subject-Token'])
    $service | Add-Member ApiBase "$($service.Url)/v1/$($service.ProjectId)"
    $engine = (Invoke-BenchApi -Service $service -Path '/job/ai-engines?job_type=train').engines | Where-Object engine_name -EQ 'PyTorch' | Select-Object -Last 1
    $spec = (Invoke-BenchApi -Service $service -Path '/job/resource-specs?job_type=train').specs | Where-Object { [int]$_.gpu_num -eq 0 -and -not $_.no_resource } | Select-Object -First 1
    $service | Add-Member EngineId ([long]$engine.engine_id)
    $service | Add-Member SpecId ([long]$spec.spec_id)

    Write-BenchLog "Warm-up (one of each, not counted)"
    $null = Invoke-ByHand -Work (Join-Path $work 'warm')
    $null = Invoke-AsJob -Service $service -Round 0
    $samples = [Collections.Generic.List[object]]::new()
    for ($round = 1; $round -le $Rounds; $round++) {
        $order = ($round % 2) ? @('job', 'hand') : @('hand', 'job')
        $sample = [ordered]@{ Round = $round; First = $order[0] }
        foreach ($way in $order) {
            if ($way -eq 'job') {
                $job = Invoke-AsJob -Service $service -Round $round
                $sample.Job = $job.Wall
                $sample.JobDuration = $job.Duration
            }
            else {
                $sample.Hand = Invoke-ByHand -Work (Join-Path $work "$round")
            }
        }
        Write-BenchLog ("round {0}: job {1:N2} s (service duration {2:N2} s), by hand {3:N2} s" -f $round, $sample.Job, $sample.JobDuration, $sample.Hand)
        $samples.Add([pscustomobject]$sample)
    }
}
finally {
    Stop-MaLocalService $service
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

$job = Get-BenchMedian -Values ([double[]]$samples.Job)
$duration = Get-BenchMedian -Values ([double[]]$samples.JobDuration)
$hand = Get-BenchMedian -Values ([double[]]$samples.Hand)
$ratio = $job / $hand
# Each round's pair ran back to back under the same load, so its ratio is less exposed to load drifting over the run.
$paired = Get-BenchMedian -Values ([double[]]@($samples | ForEach-Object { $_.Job / $_.Hand }))
$machine = Get-BenchMachine
$lines = @(
    '# 2-worker PyTorch DDP: the local service against the same processes by hand'
    ''
    "``bench/ddp/Measure-DdpOverhead.ps1 -Rounds $Rounds -Epochs $Epochs``: examples/pytorch-ddp with 2 workers (gloo, v1 variables),"
    'as a job of the local service (create request until the polled status is terminal, every 50 ms) against the'
    'same two processes with the same interpreter, arguments and environment started by hand from bash (start until'
    'both exited). Medians over the rounds, alternating which goes first; one warm-up of each is not counted.'
    ''
    '| measure | median (s) |'
    '|---|---|'
    "| as a job: create to terminal status | $(Format-BenchNumber $job 2) |"
    "| as a job: the service's duration (start to end) | $(Format-BenchNumber $duration 2) |"
    "| by hand: start to both exited | $(Format-BenchNumber $hand 2) |"
    "| **ratio of the medians, job / by hand** (goal <= 1.05) | **$($ratio.ToString('N3', $invariant))** ($($ratio -le 1.05 ? 'met' : 'not met')) |"
    "| median of the rounds' ratios | $($paired.ToString('N3', $invariant)) |"
    ''
    '| round | first | job (s) | service duration (s) | by hand (s) | ratio |'
    '|---|---|---|---|---|---|'
) + @($samples | ForEach-Object { "| $($_.Round) | $($_.First) | $(Format-BenchNumber $_.Job 2) | $(Format-BenchNumber $_.JobDuration 2) | $(Format-BenchNumber $_.Hand 2) | $(($_.Job / $_.Hand).ToString('N3', $invariant)) |" }) + @(
    ''
    '## Machine'
    ''
) + @($machine.Keys | ForEach-Object { "- $($_): $($machine[$_])" })
Set-Content -Path $OutputPath -Value ($lines -join "`n") -Encoding utf8NoBOM
[ordered]@{ Rounds = $Rounds; Epochs = $Epochs; Samples = $samples; JobMedian = $job; HandMedian = $hand; Ratio = $ratio; PairedRatio = $paired; Machine = $machine } |
    ConvertTo-Json -Depth 5 | Set-Content -Path ([IO.Path]::ChangeExtension($OutputPath, '.json')) -Encoding utf8NoBOM
Write-BenchLog ("job {0:N2} s, by hand {1:N2} s, ratio {2:N3}; written to {3}" -f $job, $hand, $ratio, $OutputPath)
