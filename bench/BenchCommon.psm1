# Helpers shared by bench/Invoke-Benchmarks.ps1 and the benchmark files in bench/benchmarks/:
# statistics, child pwsh processes, the local service's REST API, and the result rows RESULTS.md is made of.
Set-StrictMode -Version 3.0

Import-Module (Join-Path $PSScriptRoot '../build/LocalService.psm1')

$script:Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$script:Invariant = [Globalization.CultureInfo]::InvariantCulture

#region statistics and formatting

function Get-BenchMedian {
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [double[]] $Values)
    if ($Values.Count -eq 0) { return [double]::NaN }
    $sorted = [double[]]($Values | Sort-Object)
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function Format-BenchNumber {
    param([double] $Value, [int] $Digits = 1)
    if ([double]::IsNaN($Value)) { return 'n/a' }
    return $Value.ToString("N$Digits", $script:Invariant)
}

function Write-BenchLog {
    param([string] $Text)
    Write-Host ("[{0:HH:mm:ss}] {1}" -f [DateTime]::Now, $Text)
}

#endregion

#region results

function New-BenchRow {
    <#
    .SYNOPSIS
        One line of a benchmark table: our median, the baseline's median (same run), their ratio, the target, and whether it was met.
        Met is $true/$false, or $null for an informational line without a target.
    #>
    param(
        [Parameter(Mandatory)] [string] $Measure,
        [string] $Ours = '',
        [string] $Baseline = '',
        [string] $Ratio = '',
        [string] $Target = '',
        $Met = $null
    )
    [pscustomobject]@{ Measure = $Measure; Ours = $Ours; Baseline = $Baseline; Ratio = $Ratio; Target = $Target; Met = $Met }
}

function New-BenchResult {
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Title,
        [object[]] $Rows = @(),
        [string[]] $Notes = @(),
        $Raw = $null,
        [string] $Failure = ''
    )
    [pscustomobject]@{ Name = $Name; Title = $Title; Rows = @($Rows); Notes = @($Notes); Raw = $Raw; Failure = $Failure; Seconds = 0.0 }
}

function Get-BenchMachine {
    $memory = 'unknown'
    if (Test-Path /proc/meminfo) {
        $kb = [double]((Select-String -Path /proc/meminfo -Pattern '^MemTotal:\s+(\d+)').Matches[0].Groups[1].Value)
        $memory = '{0:N1} GiB' -f ($kb / 1MB)
    }
    $cpu = 'unknown'
    if (Test-Path /proc/cpuinfo) {
        $line = Select-String -Path /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1
        if ($line) { $cpu = $line.Matches[0].Groups[1].Value.Trim() }
    }
    $os = [Runtime.InteropServices.RuntimeInformation]::OSDescription
    if (Test-Path /etc/os-release) {
        $pretty = Select-String -Path /etc/os-release -Pattern '^PRETTY_NAME="?([^"]+)"?' | Select-Object -First 1
        $kernel = try { (& uname -srm 2>$null | Select-Object -First 1) } catch { '' }
        if ($pretty) { $os = "$($pretty.Matches[0].Groups[1].Value), $kernel" }
    }
    $nproc = try { (& nproc 2>$null | Select-Object -First 1) } catch { $null }
    if (-not $nproc) { $nproc = [Environment]::ProcessorCount }
    $dotnet = try { (& dotnet --version 2>$null | Select-Object -First 1) } catch { 'unknown' }
    $commit = try { (& git -C (Join-Path $PSScriptRoot '..') rev-parse --short HEAD 2>$null | Select-Object -First 1) } catch { 'unknown' }
    $python = try { (& python3 --version 2>&1 | Select-Object -First 1) } catch { 'unknown' }
    $load = (Test-Path /proc/loadavg) ? ((Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' ') : 'unknown'
    [ordered]@{
        'nproc'          = "$nproc"
        'CPU'            = $cpu
        'Memory'         = $memory
        'OS'             = $os
        '.NET SDK'       = "$dotnet (runtime $([Environment]::Version))"
        'PowerShell'     = "$($PSVersionTable.PSVersion) ($script:Pwsh)"
        'Python'         = "$python"
        'Repository HEAD' = "$commit (the module and service were copied from out/ at the start)"
        'Date (UTC)'     = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', $script:Invariant)
        'Load average (1/5/15 min) at the end' = $load
    }
}

function ConvertTo-BenchMarkdown {
    param(
        [Parameter(Mandatory)] [object[]] $Results,
        [Parameter(Mandatory)] [Collections.IDictionary] $Machine,
        [string] $Mode,
        [double] $TotalSeconds
    )
    $sb = [Text.StringBuilder]::new()
    $null = $sb.AppendLine('# Benchmark results')
    $null = $sb.AppendLine()
    $null = $sb.AppendLine("Written by ``bench/Invoke-Benchmarks.ps1`` ($Mode run, $(Format-BenchNumber ($TotalSeconds / 60) 1) min). How to read it: [README.md](README.md).")
    $null = $sb.AppendLine('Every ratio compares medians measured in this same run, ours first: for times, below 1 means ours is faster; for throughput, above 1 means ours is faster.')
    $null = $sb.AppendLine()
    $null = $sb.AppendLine('| Machine | |')
    $null = $sb.AppendLine('|---|---|')
    foreach ($key in $Machine.Keys) { $null = $sb.AppendLine("| $key | $($Machine[$key]) |") }
    $null = $sb.AppendLine()

    $null = $sb.AppendLine('## Summary')
    $null = $sb.AppendLine()
    $null = $sb.AppendLine('| Benchmark | Targets met |')
    $null = $sb.AppendLine('|---|---|')
    foreach ($result in $Results) {
        $targeted = @($result.Rows | Where-Object { $null -ne $_.Met })
        $met = @($targeted | Where-Object { $_.Met -eq $true })
        $summary = if ($result.Failure) { 'did not run to the end (see below)' } else { "$($met.Count) of $($targeted.Count)" }
        $null = $sb.AppendLine("| $($result.Title) | $summary |")
    }
    $null = $sb.AppendLine()

    foreach ($result in $Results) {
        $null = $sb.AppendLine("## $($result.Title)")
        $null = $sb.AppendLine()
        if ($result.Rows.Count -gt 0) {
            $null = $sb.AppendLine('| Measure | Ours (median) | Baseline (median) | Ratio | Target | Met |')
            $null = $sb.AppendLine('|---|---:|---:|---:|---|---|')
            foreach ($row in $result.Rows) {
                $met = switch ($row.Met) { $true { 'yes' } $false { '**no**' } default { '' } }
                $null = $sb.AppendLine("| $($row.Measure) | $($row.Ours) | $($row.Baseline) | $($row.Ratio) | $($row.Target) | $met |")
            }
            $null = $sb.AppendLine()
        }
        if ($result.Failure) {
            $null = $sb.AppendLine("**Did not complete:** $($result.Failure -replace '\r?\n', ' ')")
            $null = $sb.AppendLine()
        }
        foreach ($note in $result.Notes) { $null = $sb.AppendLine("- $note") }
        if ($result.Notes.Count -gt 0) { $null = $sb.AppendLine() }
        $null = $sb.AppendLine("_Took $(Format-BenchNumber $result.Seconds 0) s._")
        $null = $sb.AppendLine()
    }
    $sb.ToString()
}

#endregion

#region child processes

function Start-BenchChild {
    <#
    .SYNOPSIS
        Starts `pwsh -NoProfile -NonInteractive -File <Script> -Name Value ...` with its output captured.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [Collections.IDictionary] $Parameters = @{}
    )
    $info = [Diagnostics.ProcessStartInfo]::new($script:Pwsh)
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', $Script)) { $info.ArgumentList.Add($argument) }
    foreach ($key in $Parameters.Keys) {
        $info.ArgumentList.Add("-$key")
        $info.ArgumentList.Add([string]::Format($script:Invariant, '{0}', $Parameters[$key]))
    }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.Environment['NO_COLOR'] = '1'
    $process = [Diagnostics.Process]::Start($info)
    [pscustomobject]@{
        Process = $process
        Stdout  = $process.StandardOutput.ReadToEndAsync()
        Stderr  = $process.StandardError.ReadToEndAsync()
        Script  = $Script
    }
}

function Wait-BenchChild {
    <# Waits for a child started by Start-BenchChild; kills it after the timeout; throws if it failed. Returns its stdout. #>
    param([Parameter(Mandatory)] $Child, [int] $TimeoutSeconds = 300)
    if (-not $Child.Process.WaitForExit($TimeoutSeconds * 1000)) {
        $Child.Process.Kill($true)
        $null = $Child.Process.WaitForExit(10000)
        throw "$([IO.Path]::GetFileName($Child.Script)) did not finish within $TimeoutSeconds s and was stopped. Output: $($Child.Stdout.Result) $($Child.Stderr.Result)"
    }
    $Child.Process.WaitForExit()
    $stdout = $Child.Stdout.GetAwaiter().GetResult()
    $stderr = $Child.Stderr.GetAwaiter().GetResult()
    if ($Child.Process.ExitCode -ne 0) {
        throw "$([IO.Path]::GetFileName($Child.Script)) exited with code $($Child.Process.ExitCode): $stderr $stdout"
    }
    $stdout
}

function Invoke-BenchChild {
    <# Runs a child script that writes its result as JSON to -ResultPath, and returns that result. #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [Collections.IDictionary] $Parameters = @{},
        [int] $TimeoutSeconds = 300
    )
    $resultPath = Join-Path ([IO.Path]::GetTempPath()) ("ma-bench-" + [Guid]::NewGuid().ToString('n') + '.json')
    $all = [ordered]@{}
    foreach ($key in $Parameters.Keys) { $all[$key] = $Parameters[$key] }
    $all['ResultPath'] = $resultPath
    try {
        $child = Start-BenchChild -Script $Script -Parameters $all
        $null = Wait-BenchChild -Child $child -TimeoutSeconds $TimeoutSeconds
        if (-not (Test-Path $resultPath)) { throw "$([IO.Path]::GetFileName($Script)) wrote no result." }
        Get-Content $resultPath -Raw | ConvertFrom-Json
    }
    finally {
        Remove-Item $resultPath -ErrorAction SilentlyContinue
    }
}

function Get-BenchChildParameters {
    <# What every child script needs to connect: the module, the compiled baselines, the service and its credentials. #>
    param([Parameter(Mandatory)] $Context, [Parameter(Mandatory)] $Service)
    [ordered]@{
        ModulePath = $Context.ModulePath
        LibPath    = $Context.LibPath
        Url        = $Service.Url
        ProjectId  = $Service.ProjectId
        UserName   = $Service.UserName
        Password   = $Service.Password
        DomainName = $Service.DomainName
        AccessKey  = $Service.AccessKey
        SecretKey  = $Service.SecretKey
    }
}

#endregion

#region local service

function Start-BenchService {
    <# The local service on a free loopback port with its own data root, the benchmark job scripts in OBS, and an IAM token. #>
    param([Parameter(Mandatory)] $Context, [string[]] $ArgumentList = @())
    $service = Start-MaLocalService -ServicePath $Context.ServicePath -ArgumentList (@('--log-level', 'Warning') + $ArgumentList)
    try {
        $code = Join-Path $service.DataRoot 'obs/bench/code'
        $null = New-Item -ItemType Directory $code -Force
        $null = New-Item -ItemType Directory (Join-Path $service.DataRoot 'obs/bench/data') -Force
        Set-Content (Join-Path $service.DataRoot 'obs/bench/data/readme.txt') 'benchmark input'
        Copy-Item (Join-Path $PSScriptRoot 'jobs/*.py') $code
        $token = [ModelArtsBench.BenchHttp]::GetToken($service.Url, $service.UserName, $service.Password, $service.DomainName, $service.ProjectId)
        $service | Add-Member -NotePropertyName Token -NotePropertyValue $token
        $service | Add-Member -NotePropertyName ApiBase -NotePropertyValue "$($service.Url)/v1/$($service.ProjectId)"
        $service | Add-Member -NotePropertyName Catalog -NotePropertyValue (Get-BenchCatalog -Service $service)
        $service
    }
    catch {
        Stop-MaLocalService $service
        throw
    }
}

function Invoke-BenchApi {
    param(
        [Parameter(Mandatory)] $Service,
        [string] $Method = 'GET',
        [Parameter(Mandatory)] [string] $Path,
        $Body = $null
    )
    $arguments = @{
        Method  = $Method
        Uri     = "$($Service.ApiBase)$Path"
        Headers = @{ 'X-Auth-Token' = $Service.Token }
        TimeoutSec = 60
    }
    if ($null -ne $Body) {
        $arguments.Body = $Body -is [string] ? $Body : ($Body | ConvertTo-Json -Depth 10 -Compress)
        $arguments.ContentType = 'application/json'
    }
    Invoke-RestMethod @arguments
}

function Get-BenchCatalog {
    <# A CPU flavor and a Python 3 engine from the service's own catalog, so the job bodies stay valid if the catalog changes. #>
    param([Parameter(Mandatory)] $Service)
    $specs = (Invoke-BenchApi -Service $Service -Path '/job/resource-specs?job_type=train').specs
    $spec = $specs | Where-Object { $_.spec_code -eq 'modelarts.vm.cpu.2u' -and -not $_.no_resource } | Select-Object -First 1
    if (-not $spec) { $spec = $specs | Where-Object { [int]$_.gpu_num -eq 0 -and -not $_.no_resource } | Select-Object -First 1 }
    $engines = (Invoke-BenchApi -Service $Service -Path '/job/ai-engines?job_type=train').engines
    $engine = $engines | Where-Object { $_.engine_version -match 'python3' -and $_.engine_version -notmatch 'aarch64' } | Select-Object -First 1
    if (-not $spec -or -not $engine) { throw 'The local service offers no CPU flavor or no Python 3 engine.' }
    [pscustomobject]@{ SpecId = [long]$spec.spec_id; SpecCode = $spec.spec_code; EngineId = [long]$engine.engine_id; EngineName = $engine.engine_name; EngineVersion = $engine.engine_version }
}

function New-BenchJobBody {
    <# The v1 create body for a job that runs bench/jobs/<BootFile> with the given hyperparameters. #>
    param(
        [Parameter(Mandatory)] $Service,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $BootFile,
        [Collections.IDictionary] $Parameters = @{}
    )
    $parameterList = @(foreach ($key in $Parameters.Keys) { [ordered]@{ label = $key; value = [string]$Parameters[$key] } })
    [ordered]@{
        job_name     = $Name
        job_desc     = 'benchmark job'
        config       = [ordered]@{
            worker_server_num = 1
            app_url           = '/bench/code/'
            boot_file_url     = "/bench/code/$BootFile"
            data_url          = '/bench/data/'
            train_url         = "/bench/output/$Name/"
            spec_id           = $Service.Catalog.SpecId
            engine_id         = $Service.Catalog.EngineId
            parameter         = $parameterList
        }
        workspace_id = '0'
    } | ConvertTo-Json -Depth 10 -Compress
}

function New-BenchJob {
    param(
        [Parameter(Mandatory)] $Service,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $BootFile,
        [Collections.IDictionary] $Parameters = @{}
    )
    $answer = Invoke-BenchApi -Service $Service -Method POST -Path '/training-jobs' -Body (New-BenchJobBody @PSBoundParameters)
    [pscustomobject]@{ JobId = [long]$answer.job_id; VersionId = [long]$answer.version_id; Name = $Name }
}

$script:TerminalStatus = @(3, 5, 10, 11, 12, 13, 14, 16, 17, 21, 22)

function Get-BenchJobList {
    <# Every job of the project (all pages) with its status code. #>
    param([Parameter(Mandatory)] $Service)
    $all = [Collections.Generic.List[object]]::new()
    for ($page = 1; $page -le 100; $page++) {
        $answer = Invoke-BenchApi -Service $Service -Path "/training-jobs?per_page=1000&page=$page"
        $jobs = @($answer.jobs)
        foreach ($job in $jobs) { $all.Add($job) }
        if ($jobs.Count -lt 1000) { break }
    }
    $all
}

function Wait-BenchJobStatus {
    <# Polls the job list until every given job id is in one of the statuses (Terminal = any terminal one); returns the list. #>
    param(
        [Parameter(Mandatory)] $Service,
        [Parameter(Mandatory)] [long[]] $JobId,
        [int[]] $Status = @(),
        [switch] $Terminal,
        [int] $TimeoutSeconds = 120,
        [double] $IntervalSeconds = 1
    )
    $wanted = $Terminal ? $script:TerminalStatus : $Status
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $ids = [Collections.Generic.HashSet[long]]::new($JobId)
    while ($true) {
        $jobs = @(Get-BenchJobList -Service $Service | Where-Object { $ids.Contains([long]$_.job_id) })
        $done = @($jobs | Where-Object { $wanted -contains [int]$_.status })
        if ($done.Count -eq $ids.Count) { return $jobs }
        if ([DateTime]::UtcNow -gt $deadline) {
            $counts = ($jobs | Group-Object status | ForEach-Object { "$($_.Count)× status $($_.Name)" }) -join ', '
            throw "After $TimeoutSeconds s only $($done.Count) of $($ids.Count) jobs reached status $($wanted -join '/'): $counts."
        }
        Start-Sleep -Seconds $IntervalSeconds
    }
}

#endregion

Export-ModuleMember -Function *-Bench*, Start-MaLocalService, Stop-MaLocalService, Get-MaLocalRequestLog, Get-MaLocalRequestSeq
