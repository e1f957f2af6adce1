<#
.SYNOPSIS
    A five-minute tour: a local ModelArts service, a real training job created the way the Python SDK's
    Estimator(...).fit(...) does it, its log followed live, and the model it wrote.
.DESCRIPTION
    Started by `dotnet pwsh ./build.ps1 -Task Demo`, which builds first. Exits non-zero if any step fails.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/ModelArts/ModelArts.psd1'),
    [string] $ServicePath = (Join-Path $PSScriptRoot '../out/ModelArts.Emulator/ModelArts.Emulator.dll')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ModulePath = (Resolve-Path $ModulePath).Path
$ServicePath = (Resolve-Path $ServicePath).Path

function Write-Step([string] $Text) { Write-Host "`n>>> $Text" -ForegroundColor Cyan }

$dataRoot = Join-Path ([IO.Path]::GetTempPath()) ("modelarts-demo-" + [Guid]::NewGuid().ToString('n').Substring(0, 8))
$service = $null
try {
    Write-Step 'Starting the local ModelArts service on a free loopback port'
    Import-Module (Join-Path $PSScriptRoot '../build/LocalService.psm1')
    $service = Start-MaLocalService -ServicePath $ServicePath -DataRoot $dataRoot
    $endpoint = $service.Url
    Write-Host "    $endpoint  (data root $dataRoot)"

    Write-Step 'Uploading the training code and data to the local OBS bucket "demo-bucket"'
    $bucket = Join-Path $dataRoot 'obs/demo-bucket'
    $null = New-Item -ItemType Directory (Join-Path $bucket 'logistic-regression') -Force
    Copy-Item (Join-Path $PSScriptRoot 'logistic-regression/code') (Join-Path $bucket 'logistic-regression/code') -Recurse
    Copy-Item (Join-Path $PSScriptRoot 'logistic-regression/data') (Join-Path $bucket 'logistic-regression/data') -Recurse
    Get-ChildItem $bucket -Recurse -File | ForEach-Object { Write-Host "    /demo-bucket/$([IO.Path]::GetRelativePath($bucket, $_.FullName) -replace '\\', '/')" }

    Write-Step 'Import-Module ModelArts; Connect-MaSession with an access key and secret key'
    Import-Module $ModulePath
    $secretKey = ConvertTo-SecureString $service.SecretKey -AsPlainText -Force
    Connect-MaSession -Endpoint $endpoint -AccessKey $service.AccessKey -SecretKey $secretKey -ProjectId $service.ProjectId
    Get-MaSession | Format-List | Out-Host

    Write-Step 'Get-MaFlavor  (train_instance_type values)'
    Get-MaFlavor | Format-Table | Out-Host

    Write-Step 'New-MaTrainingJob  (Estimator(...).fit(inputs=...) with OBS data)'
    $job = New-MaTrainingJob -Name 'demo_logistic_regression' -Description 'Logistic regression on the local service' `
        -FrameworkType 'PyTorch' -FrameworkVersion 'PyTorch-1.0.0-python3.6' `
        -CodeDir '/demo-bucket/logistic-regression/code/' -BootFile 'train.py' `
        -Inputs '/demo-bucket/logistic-regression/data/' -OutputPath '/demo-bucket/logistic-regression/output/' `
        -LogUrl '/demo-bucket/logistic-regression/log/' `
        -Hyperparameter ([ordered]@{ learning_rate = '0.5'; epochs = '25'; pause = '0.1' }) `
        -TrainInstanceType 'modelarts.vm.cpu.2u' -TrainInstanceCount 1
    $job | Format-Table | Out-Host

    Write-Step "Get-MaTrainingJobLog -Follow  (job $($job.JobId), live until it ends)"
    $job | Get-MaTrainingJobLog -Follow -Raw | ForEach-Object { Write-Host "    $_" }

    Write-Step 'Get-MaTrainingJob  (the finished job)'
    $final = $job | Get-MaTrainingJob
    $final | Format-List JobId, VersionId, Name, Status, FrameworkType, FrameworkVersion, FlavorCode, Duration, OutputPath | Out-Host
    if ($final.Status -ne 'Completed') { throw "The job ended $($final.Status), not Completed." }

    Write-Step 'The model the job wrote to its output path (/demo-bucket/logistic-regression/output/model.json)'
    $model = Join-Path $bucket 'logistic-regression/output/model.json'
    if (-not (Test-Path $model)) { throw "The job wrote no model at $model." }
    Get-Content $model -Raw | Write-Host

    Write-Host "`nDemo finished: job $($final.JobId) completed and wrote its model." -ForegroundColor Green
}
finally {
    if (Get-Module ModelArts) { Disconnect-MaSession -ErrorAction SilentlyContinue }
    if ($service) {
        Write-Step 'Stopping the local service'
        Stop-MaLocalService $service
    }
    Remove-Item $dataRoot -Recurse -Force -ErrorAction SilentlyContinue
}
