<#
.SYNOPSIS
    A five-minute tour: a local ModelArts service, a real training job created the way the Python SDK's
    Estimator(...).fit(...) does it, its log followed live, and the model it wrote.
.DESCRIPTION
    Started by `dotnet pwsh ./build.ps1 -Task Demo [-Example pytorch-ddp]`, which builds first. Exits non-zero
    if any step fails. `logistic-regression` (the default) trains on one worker with plain Python;
    `pytorch-ddp` trains with PyTorch DistributedDataParallel on two workers that form one process group
    (it needs PyTorch for /usr/bin/python3, e.g. Debian's python3-torch).
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/ModelArts/ModelArts.psd1'),
    [string] $ServicePath = (Join-Path $PSScriptRoot '../out/ModelArts.Emulator/ModelArts.Emulator.dll'),
    [ValidateSet('logistic-regression', 'pytorch-ddp')]
    [string] $Example = 'logistic-regression'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$ModulePath = (Resolve-Path $ModulePath).Path
$ServicePath = (Resolve-Path $ServicePath).Path

function Write-Step([string] $Text) { Write-Host "`n>>> $Text" -ForegroundColor Cyan }

$demo = @{
    'logistic-regression' = @{
        Job = 'demo_logistic_regression'; Description = 'Logistic regression on the local service'
        FrameworkVersion = 'PyTorch-1.0.0-python3.6'; Workers = 1; Model = 'model.json'; ServiceArguments = @()
        Hyperparameter = [ordered]@{ learning_rate = '0.5'; epochs = '25'; pause = '0.1' }
    }
    'pytorch-ddp' = @{
        Job = 'demo_pytorch_ddp'; Description = 'PyTorch DistributedDataParallel on two workers'
        FrameworkVersion = 'PyTorch-1.4.0-python3.6'; Workers = 2; Model = 'model.pt'
        # The engine's interpreter must find the machine's torch (the python3 first on PATH may have none).
        ServiceArguments = @('--engine-python', 'PyTorch=/usr/bin/python3')
        Hyperparameter = [ordered]@{ epochs = '20'; lr = '0.1'; pause = '0.1' }
    }
}[$Example]

$dataRoot = Join-Path ([IO.Path]::GetTempPath()) ("modelarts-demo-" + [Guid]::NewGuid().ToString('n').Substring(0, 8))
$service = $null
try {
    Write-Step 'Starting the local ModelArts service on a free loopback port'
    Import-Module (Join-Path $PSScriptRoot '../build/LocalService.psm1')
    $service = Start-MaLocalService -ServicePath $ServicePath -DataRoot $dataRoot -ArgumentList $demo.ServiceArguments
    $endpoint = $service.Url
    Write-Host "    $endpoint  (data root $dataRoot)"

    Write-Step 'Uploading the training code and data to the local OBS bucket "demo-bucket"'
    $bucket = Join-Path $dataRoot 'obs/demo-bucket'
    $null = New-Item -ItemType Directory (Join-Path $bucket "$Example/data") -Force
    Copy-Item (Join-Path $PSScriptRoot "$Example/code") (Join-Path $bucket "$Example/code") -Recurse
    if (Test-Path (Join-Path $PSScriptRoot "$Example/data")) {
        Copy-Item (Join-Path $PSScriptRoot "$Example/data/*") (Join-Path $bucket "$Example/data") -Recurse
    }
    Get-ChildItem $bucket -Recurse -File | ForEach-Object { Write-Host "    /demo-bucket/$([IO.Path]::GetRelativePath($bucket, $_.FullName) -replace '\\', '/')" }

    Write-Step 'Import-Module ModelArts; Connect-MaSession with an access key and secret key'
    Import-Module $ModulePath
    $secretKey = ConvertTo-SecureString $service.SecretKey -AsPlainText -Force
    Connect-MaSession -Endpoint $endpoint -AccessKey $service.AccessKey -SecretKey $secretKey -ProjectId $service.ProjectId -TrainingApi V1
    Get-MaSession | Format-List | Out-Host

    Write-Step 'Get-MaFlavor  (train_instance_type values)'
    Get-MaFlavor | Format-Table | Out-Host

    Write-Step 'New-MaTrainingJob  (Estimator(...).fit(inputs=...) with OBS data)'
    $job = New-MaTrainingJob -Name $demo.Job -Description $demo.Description `
        -FrameworkType 'PyTorch' -FrameworkVersion $demo.FrameworkVersion `
        -CodeDir "/demo-bucket/$Example/code/" -BootFile 'train.py' `
        -Inputs "/demo-bucket/$Example/data/" -OutputPath "/demo-bucket/$Example/output/" `
        -LogUrl "/demo-bucket/$Example/log/" `
        -Hyperparameter $demo.Hyperparameter `
        -TrainInstanceType 'modelarts.vm.cpu.2u' -TrainInstanceCount $demo.Workers
    $job | Format-Table | Out-Host

    Write-Step "Get-MaTrainingJobLog -Follow  (job $($job.JobId), live until it ends)"
    $job | Get-MaTrainingJobLog -Follow -Raw | ForEach-Object { Write-Host "    $_" }

    Write-Step 'Get-MaTrainingJob  (the finished job)'
    $final = $job | Get-MaTrainingJob
    $final | Format-List JobId, VersionId, Name, Status, FrameworkType, FrameworkVersion, FlavorCode, Duration, OutputPath | Out-Host
    if ($final.Status -ne 'Completed') { throw "The job ended $($final.Status), not Completed." }

    Write-Step "The model the job wrote to its output path (/demo-bucket/$Example/output/$($demo.Model))"
    $model = Join-Path $bucket "$Example/output/$($demo.Model)"
    if (-not (Test-Path $model)) { throw "The job wrote no model at $model." }
    if ($demo.Model -like '*.json') { Get-Content $model -Raw | Write-Host }
    else { Get-ChildItem (Split-Path $model) | Format-Table Name, Length | Out-Host }

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
