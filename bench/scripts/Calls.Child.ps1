<#
.SYNOPSIS
    Benchmark 2, run in a fresh pwsh: N sequential calls of a cmdlet vs Invoke-RestMethod vs a raw HttpClient loop,
    alternating in rounds. The baselines send exactly the GET request(s) one cmdlet call sent (read back from the
    service's /_local/requests log), with the same IAM token in X-Auth-Token.
#>
param(
    [string] $ModulePath, [string] $LibPath, [string] $Url, [string] $ProjectId,
    [string] $UserName, [string] $Password, [string] $DomainName, [string] $AccessKey, [string] $SecretKey,
    [int] $Calls = 500, [int] $Rounds = 5, [long] $JobId, [long] $VersionId, [switch] $NoAkSk,
    [string] $ResultPath
)
. (Join-Path $PSScriptRoot 'ChildCommon.ps1')

# An AK/SK session kept aside (informational variant), then the password session that becomes the default.
$akSession = $null
if (-not $NoAkSk) { try {
    $akSession = Connect-MaSession -Endpoint $Url -AccessKey $AccessKey -SecretKey (ConvertTo-SecureString $SecretKey -AsPlainText -Force) -ProjectId $ProjectId -TrainingApi V1 -PassThru
}
catch {
    $akSessionError = $_.Exception.Message
} }
Connect-BenchSession
$token = Get-BenchToken
$headers = @{ 'X-Auth-Token' = $token }
$raw = [ModelArtsBench.RawGetLoop]::new($token)

$scenarios = @(
    [ordered]@{
        Name     = 'Get-MaFlavor'
        Ours     = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Get-MaFlavor } }
        OursAkSk = { param($n, $s) for ($i = 0; $i -lt $n; $i++) { $null = Get-MaFlavor -Session $s } }
        Fallback = @("$Url/v1/$ProjectId/job/resource-specs?job_type=train")
    }
    [ordered]@{
        Name     = 'Get-MaTrainingJob -JobId'
        Ours     = { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Get-MaTrainingJob -JobId $JobId } }
        OursAkSk = $null
        Fallback = @("$Url/v1/$ProjectId/training-jobs/$JobId/versions/$VersionId")
    }
)

$irmLoop = { param($n, $uris) for ($i = 0; $i -lt $n; $i++) { foreach ($u in $uris) { $null = Invoke-RestMethod -Uri $u -Headers $headers } } }

$output = [Collections.Generic.List[object]]::new()
foreach ($scenario in $scenarios) {
    # Warm up (the first call authenticates and JIT-compiles), then see which requests one call sends.
    $null = & $scenario.Ours 3
    $seq = Get-MaLocalRequestSeq $LocalService
    $null = & $scenario.Ours 1
    $sent = @(Get-MaLocalRequestLog $LocalService -Since $seq)
    $seq = Get-MaLocalRequestSeq $LocalService -Since $seq
    $gets = @($sent | Where-Object { $_.method -eq 'GET' -and $_.path -like '/v1/*' })
    $uris = if ($gets.Count -gt 0) {
        @($gets | ForEach-Object { $q = [string]$_.query; $q = $q.TrimStart('?'); $q ? "$Url$($_.path)?$q" : "$Url$($_.path)" })
    }
    else { $scenario.Fallback }

    # Warm up every loop (tiered JIT, connections) with as many calls as a timed loop, at least 200, then let the
    # background tier-1 compilations finish.
    $warm = [Math]::Max(200, $Calls)
    $null = & $scenario.Ours $warm
    $null = & $irmLoop $warm $uris
    $null = $raw.Run([string[]]$uris, $warm)
    $useAkSk = $null -ne $akSession -and $null -ne $scenario.OursAkSk
    if ($useAkSk) { $null = & $scenario.OursAkSk $warm $akSession }
    Start-Sleep -Milliseconds 500
    $seq = Get-MaLocalRequestSeq $LocalService -Since $seq

    $times = [ordered]@{ Ours = [Collections.Generic.List[double]]::new(); Irm = [Collections.Generic.List[double]]::new(); Raw = [Collections.Generic.List[double]]::new(); OursAkSk = [Collections.Generic.List[double]]::new() }
    $oursRequests = 0L
    $methods = @('Ours', 'Irm', 'Raw') + ($useAkSk ? @('OursAkSk') : @())
    for ($round = 0; $round -lt $Rounds; $round++) {
        # Rotate the order every round so that none always runs first or after the same neighbour.
        $order = @(for ($k = 0; $k -lt $methods.Count; $k++) { $methods[($k + $round) % $methods.Count] })
        foreach ($method in $order) {
            [GC]::Collect()
            $watch = [Diagnostics.Stopwatch]::StartNew()
            switch ($method) {
                'Ours' { & $scenario.Ours $Calls }
                'Irm' { & $irmLoop $Calls $uris }
                'Raw' { $null = $raw.Run([string[]]$uris, $Calls) }
                'OursAkSk' { & $scenario.OursAkSk $Calls $akSession }
            }
            $elapsed = $watch.Elapsed.TotalMilliseconds
            $times[$method].Add($elapsed * 1000 / $Calls)  # µs per call
            $sentSince = @(Get-MaLocalRequestLog $LocalService -Since $seq)
            $seq = Get-MaLocalRequestSeq $LocalService -Since $seq
            if ($method -eq 'Ours') { $oursRequests += $sentSince.Count }
        }
    }
    $output.Add([ordered]@{
            Name            = $scenario.Name
            Uris            = $uris
            RequestsPerCall = $sent.Count
            SentPerCall     = @($sent | ForEach-Object { "$($_.method) $($_.path)$(if ($_.query) { '?' + ([string]$_.query).TrimStart('?') })" })
            OursRequestsPerCallMeasured = $oursRequests / ($Calls * $Rounds)
            OursUs          = $times.Ours
            IrmUs           = $times.Irm
            RawUs           = $times.Raw
            OursAkSkUs      = $times.OursAkSk
        })
}
Write-ChildResult ([ordered]@{ Calls = $Calls; Rounds = $Rounds; AkSkError = (Get-Variable akSessionError -ValueOnly -ErrorAction SilentlyContinue); Scenarios = $output })
