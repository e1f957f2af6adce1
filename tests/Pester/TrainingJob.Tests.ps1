# The training job cmdlets end to end against a real local service that really runs the jobs:
# the Python SDK's three Estimator ways, every cmdlet and parameter set, the pipelines, -WhatIf, errors, completers and views.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService -ArgumentList '--run-images-on-host', '--max-running-jobs', '8'
    Connect-MaLocalSession $svc

    # One small training script for every job: hyperparameters say how long it runs and how it ends.
    Set-MaLocalObject $svc 'bkt/code/train.py' @'
import argparse, os, sys, time
parser = argparse.ArgumentParser()
for name in ('--data_url', '--train_url'):
    parser.add_argument(name)
parser.add_argument('--epochs', type=int, default=3)
parser.add_argument('--sleep', type=float, default=0)
parser.add_argument('--exit_code', type=int, default=0)
args, _ = parser.parse_known_args()
worker = os.environ.get('DLS_TASK_INDEX')
print('worker', worker, 'of', os.environ.get('DLS_TASK_NUMBER'), flush=True)
print('data', sorted(os.listdir(args.data_url)) if args.data_url else None, flush=True)
print('parameters', ' '.join(a for a in sys.argv[1:] if not a.startswith(('--data_url', '--train_url'))), flush=True)
for epoch in range(args.epochs):
    print('epoch', epoch, 'worker', worker, flush=True)
    time.sleep(args.sleep)
os.makedirs(args.train_url, exist_ok=True)
with open(os.path.join(args.train_url, 'model-%s.txt' % worker), 'w') as model:
    model.write('trained')
sys.exit(args.exit_code)
'@
    Set-MaLocalObject $svc 'bkt/data/train.csv' "x,y`n1,2`n"

    # The service's dataset ds-flowers, version v2: one manifest.
    function New-TestDataset {
        $directory = Join-Path $svc.DataRoot 'datasets/ds-flowers/v2'
        $null = New-Item -ItemType Directory $directory -Force
        Set-Content (Join-Path $directory 'images.manifest') 'a.jpg'
    }

    $script:python = @{ FrameworkType = 'PyTorch'; FrameworkVersion = 'PyTorch-1.0.0-python3.6'; CodeDir = 'obs://bkt/code/'; BootFile = 'train.py' }
    function New-TestJob {
        [CmdletBinding()]
        param([string] $Name, [System.Collections.Specialized.OrderedDictionary] $Hyperparameter = [ordered]@{}, [int] $Workers = 1, [switch] $Wait)
        New-MaTrainingJob -Name $Name @python -Inputs 'obs://bkt/data/' -OutputPath "obs://bkt/out/$Name/" -TrainInstanceType 'modelarts.vm.cpu.2u' `
            -TrainInstanceCount $Workers -Hyperparameter $Hyperparameter -Wait:$Wait
    }


    # Runs ModelArts commands in a fresh non-interactive pwsh connected to the same service; returns what it printed.
    function Invoke-FreshModelArts([string] $Script) {
        $service = $svc | Select-Object Url, AccessKey, SecretKey, ProjectId, ProjectName | ConvertTo-Json -Compress
        Invoke-PwshText @"
Import-Module '$env:MODELARTS_TEST_MODULE'
Import-Module '$(Join-Path $env:MODELARTS_REPO_ROOT 'build/LocalService.psm1')'
Connect-MaLocalSession ('$service' | ConvertFrom-Json)
$Script
"@
    }
}

AfterAll {
    Disconnect-MaSession
    Stop-MaLocalService $svc
}

Describe "The Python SDK's three Estimator examples, end to end (create, wait, logs)" {
    It 'OBS data: Estimator(code_dir, boot_file, ...).fit(inputs=obs path), with AK/SK' {
        $job = New-MaTrainingJob -Name 'example_obs' -Description 'OBS data' @python -Inputs 'obs://bkt/data/' -OutputPath 'obs://bkt/out/example-obs/' `
            -LogUrl 'obs://bkt/logs/example-obs/' -Hyperparameter ([ordered]@{ epochs = 4; learning_rate = 0.01 }) -TrainInstanceType 'modelarts.vm.cpu.2u' -TrainInstanceCount 1
        $job.JobId | Should -BeGreaterThan 0
        $job.Name | Should -Be 'example_obs'
        $job.VersionName | Should -Be 'V0001'

        $final = $job | Wait-MaTrainingJob
        $final.Status | Should -Be 'Completed'
        $final.FrameworkType | Should -Be 'PyTorch'
        $final.DataUrl | Should -Be '/bkt/data/'
        $final.OutputPath | Should -Be '/bkt/out/example-obs/'

        $log = $final | Get-MaTrainingJobLog -Raw
        $log | Should -Contain "data ['train.csv']"
        $log | Should -Contain 'parameters --epochs=4 --learning_rate=0.01'
        $log | Should -Contain 'epoch 3 worker 0'
        Join-Path $svc.DataRoot 'obs/bkt/out/example-obs/model-0.txt' | Should -Exist
        Get-ChildItem (Join-Path $svc.DataRoot 'obs/bkt/logs/example-obs') -File | Should -Not -BeNullOrEmpty
    }

    It 'Dataset: fit(dataset_id, dataset_version_id), with an IAM password session given by -Session' {
        New-TestDataset
        $password = Connect-MaLocalSession $svc -Password -PassThru
        Connect-MaLocalSession $svc
        try {
            $job = New-MaTrainingJob -Session $password -Name 'example_dataset' @python -DatasetId 'ds-flowers' -DatasetVersionId 'v2' `
                -OutputPath '/bkt/out/example-dataset/' -TrainInstanceType 'modelarts.vm.cpu.8u'
            $job.DatasetId | Should -Be 'ds-flowers'
            $final = $job | Wait-MaTrainingJob -Session $password
            $final.Status | Should -Be 'Completed'
            $final.FlavorCode | Should -Be 'modelarts.vm.cpu.8u'
            $final | Get-MaTrainingJobLog -Session $password -Raw | Should -Contain "data ['images.manifest']"
        }
        finally {
            $password | Disconnect-MaSession
        }
    }

    It 'Custom image: Estimator(user_image_url, user_command) with no framework, two workers' {
        $image = 'swr.eu-de.otc.t-systems.com/team/trainer:1.0'
        # The service says which engine runs custom images and how it calls it. With one, a service of its own (this
        # file's runs images on the host) runs the image in real containers; nothing can be pulled here, so a local
        # image made of busybox's shell stands in. Without one, --run-images-on-host runs the command on this machine.
        $containers = Invoke-RestMethod "$($svc.Url)/_local/containers" -TimeoutSec 120
        $engine = $containers.engine
        $on = @{}
        $inContainers = $null
        if ($engine) {
            $busybox = Get-Command busybox -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            if (-not $busybox) { Set-ItResult -Skipped -Because "$engine runs custom images here and busybox, which the stand-in image is made of, is missing"; return }
            $image = 'localhost/modelarts-pester/trainer:1.0'
            $rootfs = Join-Path $TestDrive 'image'
            $null = New-Item -ItemType Directory (Join-Path $rootfs 'bin'), (Join-Path $rootfs 'tmp') -Force
            Copy-Item $busybox.Source (Join-Path $rootfs 'bin/busybox')
            foreach ($tool in 'sh', 'bash', 'echo', 'cat', 'ls', 'env', 'sleep', 'hostname', 'true') { $null = New-Item -ItemType SymbolicLink (Join-Path $rootfs "bin/$tool") -Value 'busybox' }
            & tar -C $rootfs -cf (Join-Path $TestDrive 'image.tar') .
            # The engine is called as the service calls it (for podman: the service's own containers.conf).
            $saved = @{}
            foreach ($variable in $containers.environment.PSObject.Properties) {
                $saved[$variable.Name] = [Environment]::GetEnvironmentVariable($variable.Name)
                [Environment]::SetEnvironmentVariable($variable.Name, $variable.Value)
            }
            try {
                & $engine import (Join-Path $TestDrive 'image.tar') $image *> $null
                $LASTEXITCODE | Should -Be 0 -Because "$engine imports the stand-in image"
                $probe = & $engine run --rm $image true 2>&1
                $probeExit = $LASTEXITCODE
            }
            finally {
                foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
            if ($probeExit -ne 0) { Set-ItResult -Skipped -Because "the service runs images with $engine, which cannot start a container on this machine even as the service calls it: $(($probe | Select-Object -Last 1) -replace '\s+', ' ')"; return }
            $inContainers = Start-MaLocalService
            Set-MaLocalObject $inContainers 'bkt/data/train.csv' "x,y`n1,2`n"
            $on = @{ Session = Connect-MaLocalSession $inContainers -PassThru }
        }
        try {
            $job = New-MaTrainingJob @on -Name 'example_image' -UserImageUrl $image `
                -UserCommand 'echo "image worker $DLS_TASK_INDEX of $DLS_TASK_NUMBER on $(hostname)"' -Inputs '/bkt/data/' -OutputPath '/bkt/out/example-image/' `
                -TrainInstanceType 'modelarts.vm.cpu.2u' -TrainInstanceCount 2 -Wait
            $lines = $job | Get-MaTrainingJobLog @on
            $job.Status | Should -Be 'Completed' -Because ($lines.Line -join "`n")
            $job.UserImageUrl | Should -Be $image
            $job.EngineId | Should -BeNullOrEmpty
            $job.CodeDir | Should -BeNullOrEmpty
            ($lines | Where-Object Worker -EQ 0).Line | Should -Contain "image worker 0 of 2 on $(if ($engine) { "job$($job.JobId)-worker-0" } else { [Net.Dns]::GetHostName() })"
            ($lines | Where-Object Worker -EQ 1).Line | Where-Object { $_ -like 'image worker 1 of 2 on *' } | Should -Not -BeNullOrEmpty
            if ($engine) {
                # Really in containers: the service ran the image with the engine, and each worker is named as its container.
                ($lines | Where-Object Worker -EQ 0).Line | Where-Object { $_ -like "*Running image $image with $engine on 2 worker(s)*" } | Should -Not -BeNullOrEmpty
                ($lines | Where-Object Worker -EQ 1).Line | Should -Contain "image worker 1 of 2 on job$($job.JobId)-worker-1"
            }
        }
        finally {
            if ($inContainers) {
                Connect-MaLocalSession $svc
                Stop-MaLocalService $inContainers
            }
        }
    }
}

Describe 'New-MaTrainingJob' {
    It 'takes the SDK snake_case names as aliases' {
        $parameters = (Get-Command New-MaTrainingJob).Parameters
        $expected = @{
            Name = 'job_name'; Description = 'job_description'; FrameworkType = 'framework_type'; FrameworkVersion = 'framework_version'
            CodeDir = 'code_dir'; BootFile = 'boot_file'; OutputPath = 'output_path'; LogUrl = 'log_url'; Hyperparameter = 'hyperparameters'
            TrainInstanceType = 'train_instance_type'; TrainInstanceCount = 'train_instance_count'; DatasetId = 'dataset_id'
            DatasetVersionId = 'dataset_version_id'; UserImageUrl = 'user_image_url'; UserCommand = 'user_command'
        }
        foreach ($name in $expected.Keys) { $parameters[$name].Aliases | Should -Contain $expected[$name] -Because "-$name" }
        $parameters['Inputs'].Name | Should -Be 'Inputs'
    }

    It 'has the three parameter sets of the seed: ObsData, Dataset and CustomImage' {
        (Get-Command New-MaTrainingJob).ParameterSets.Name | Sort-Object | Should -Be @('CustomImage', 'Dataset', 'ObsData')
        (Get-Command New-MaTrainingJob).DefaultParameterSet | Should -Be 'ObsData'
    }

    It 'generates a valid name when none is given and keeps the hyperparameter order of an ordered dictionary' {
        $job = New-MaTrainingJob @python -Inputs '/bkt/data/' -OutputPath '/bkt/out/generated/' -TrainInstanceType 'modelarts.vm.cpu.2u' `
            -Hyperparameter ([ordered]@{ zeta = 1; alpha = 'two'; mid = 0.5 })
        $job.Name | Should -Match '^[A-Za-z0-9_-]{1,64}$'
        $job.Hyperparameters.Label | Should -Be @('zeta', 'alpha', 'mid')
        $job.Hyperparameters.Value | Should -Be @('1', 'two', '0.5')
    }

    It 'accepts hyperparameters as label=value strings, label/value objects, and a hashtable (sorted by label)' {
        $job = New-MaTrainingJob -Name 'hp_forms' @python -Inputs '/bkt/data/' -OutputPath '/bkt/out/hp/' -TrainInstanceType 'modelarts.vm.cpu.2u' `
            -Hyperparameter 'b=2', ([pscustomobject]@{ Label = 'a'; Value = 1 }), @{ z = 'last'; c = 'first' }
        $job.Hyperparameters | ForEach-Object ToString | Should -Be @('b=2', 'a=1', 'c=first', 'z=last')
    }

    It "keeps the Python SDK's hyperparameter list as it is: two-key label/value hashtables, in order" {
        $job = New-MaTrainingJob -Name 'hp_sdk_pairs' @python -Inputs '/bkt/data/' -OutputPath '/bkt/out/hp_sdk/' -TrainInstanceType 'modelarts.vm.cpu.2u' `
            -hyperparameters @(@{ label = 'classes'; value = '10' }, @{ label = 'lr'; value = '0.001' }, @{ Name = 'epochs'; Value = 3 })
        $job.Hyperparameters | ForEach-Object ToString | Should -Be @('classes=10', 'lr=0.001', 'epochs=3')
    }

    It '-Wait returns the finished job, like fit(wait=True)' {
        $job = New-TestJob -Name 'wait_switch' -Wait
        $job.Status | Should -Be 'Completed'
        $job.Duration | Should -BeGreaterThan ([TimeSpan]::Zero)
    }

    It '-Verbose tells the resolved ids and the polling' {
        $verbose = New-TestJob -Name 'verbose_job' -Wait -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose -join "`n" | Should -Match "Resolved job 'verbose_job': spec_id \d+, engine_id 21"
        $verbose -join "`n" | Should -Match 'Polling again in \d+\.\d s'
        $verbose -join "`n" | Should -Match "Training job 'verbose_job' .*: Completed"
    }

    Context 'bad input is refused before anything is sent' {
        BeforeAll {
            $script:valid = @{ Name = 'refused'; Inputs = '/bkt/data/'; OutputPath = '/bkt/out/refused/'; TrainInstanceType = 'modelarts.vm.cpu.2u' } + $python
        }

        It '<Case>: <ErrorId> on <Target>' -ForEach @(
            @{ Case = 'unknown flavor'; Change = @{ TrainInstanceType = 'modelarts.vm.cpu.64u' }; ErrorId = 'UnknownTrainInstanceType'; Target = 'modelarts.vm.cpu.64u'; Message = 'modelarts\.vm\.cpu\.2u' }
            @{ Case = 'unknown framework'; Change = @{ FrameworkVersion = 'PyTorch-9.9' }; ErrorId = 'UnknownFramework'; Target = $null; Message = 'PyTorch-1\.4\.0-python3\.6' }
            @{ Case = 'bad name'; Change = @{ Name = 'no spaces allowed' }; ErrorId = 'InvalidJobName'; Target = 'no spaces allowed'; Message = 'letters, digits' }
            @{ Case = 'local path as data'; Change = @{ Inputs = 'C:\data' }; ErrorId = 'InvalidObsPath'; Target = 'C:\data'; Message = 'obs://' }
            @{ Case = 'boot file elsewhere'; Change = @{ BootFile = 'obs://bkt/other/train.py' }; ErrorId = 'BootFileOutsideCodeDir'; Target = $null; Message = 'code' }
            @{ Case = 'too many workers'; Change = @{ TrainInstanceCount = 6 }; ErrorId = 'TrainInstanceCountExceedsMaxNodes'; Target = $null; Message = '5' }
            @{ Case = 'hyperparameter without a value'; Change = @{ Hyperparameter = 'learning_rate' }; ErrorId = 'InvalidHyperparameter'; Target = 'learning_rate'; Message = 'label=value' }
            @{ Case = 'description too long'; Change = @{ Description = 'x' * 257 }; ErrorId = 'DescriptionTooLong'; Target = $null; Message = '256' }
        ) {
            $since = Get-MaLocalRequestSeq $svc
            $arguments = $valid.Clone()
            foreach ($key in $Change.Keys) { $arguments[$key] = $Change[$key] }
            $failure = { New-MaTrainingJob @arguments -ErrorAction Stop } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -Be "$ErrorId,ModelArts.PowerShell.Commands.NewMaTrainingJobCommand"
            $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failure.Exception.Message | Should -Match $Message
            if ($Target) { $failure.TargetObject | Should -Be $Target }
            Get-MaLocalRequestLog $svc -Since $since | Where-Object method -EQ 'POST' | Should -BeNullOrEmpty
        }

        It 'refuses -Inputs together with a dataset in the CustomImage set (ConflictingDataSources)' {
            $since = Get-MaLocalRequestSeq $svc
            { New-MaTrainingJob -Name 'conflict' -UserImageUrl 'img:1' -UserCommand 'true' -Inputs '/bkt/data/' -DatasetId 'd' -DatasetVersionId 'v' `
                    -OutputPath '/bkt/out/x/' -TrainInstanceType 'modelarts.vm.cpu.2u' -ErrorAction Stop } |
                Should -Throw -ErrorId 'ConflictingDataSources,ModelArts.PowerShell.Commands.NewMaTrainingJobCommand'
            Get-MaLocalRequestLog $svc -Since $since | Where-Object method -EQ 'POST' | Should -BeNullOrEmpty
        }

        It 'lets PowerShell refuse a framework in the CustomImage set (parameter set binding)' {
            { New-MaTrainingJob -UserImageUrl 'img:1' -UserCommand 'true' -FrameworkType PyTorch -Inputs '/bkt/data/' -OutputPath '/bkt/out/x/' -TrainInstanceType 'modelarts.vm.cpu.2u' } |
                Should -Throw -ErrorId 'AmbiguousParameterSet,ModelArts.PowerShell.Commands.NewMaTrainingJobCommand'
        }
    }

    Context 'service errors' {
        It 'reports a duplicate name as ResourceExists with ModelArts.0103 and the request id' {
            $null = New-TestJob -Name 'duplicate_me'
            $failure = { New-TestJob -Name 'duplicate_me' -ErrorAction Stop } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -Be 'TrainingJobNameExists,ModelArts.PowerShell.Commands.NewMaTrainingJobCommand'
            $failure.CategoryInfo.Category | Should -Be 'ResourceExists'
            $failure.TargetObject | Should -Be 'duplicate_me'
            $failure.ErrorDetails.Message | Should -Match '^ModelArts\.0103: .* \(request id [0-9a-f]{32}\)\. Job names are unique'
            $failure.Exception.RequestId | Should -Match '^[0-9a-f]{32}$'
            $failure.Exception.StatusCode | Should -Be 400
        }

        It 'reports throttling that outlasts the retries as LimitsExceeded, and a failing service as ResourceUnavailable' {
            try {
                Set-MaLocalFault $svc @{ throttle_rate = 1; retry_after_seconds = 0 }
                $throttled = { Get-MaTrainingJob -JobId 1 -ErrorAction Stop } | Should -Throw -PassThru
                $throttled.FullyQualifiedErrorId | Should -Be 'RequestThrottled,ModelArts.PowerShell.Commands.GetMaTrainingJobCommand'
                $throttled.CategoryInfo.Category | Should -Be 'LimitsExceeded'
                $throttled.ErrorDetails.Message | Should -Match 'APIG\.0308'

                Set-MaLocalFault $svc @{ error_rate = 1 }
                $failing = { Get-MaTrainingJob -JobId 1 -ErrorAction Stop } | Should -Throw -PassThru
                $failing.FullyQualifiedErrorId | Should -Be 'ServiceError,ModelArts.PowerShell.Commands.GetMaTrainingJobCommand'
                $failing.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
                $failing.ErrorDetails.Message | Should -Match 'ModelArts\.0010'
                $failing.ErrorDetails.RecommendedAction | Should -Match 'request id'
            }
            finally {
                Clear-MaLocalFault $svc
            }
        }
    }
}

Describe 'Get-MaTrainingJob' {
    BeforeAll {
        $script:listed = @(
            New-TestJob -Name 'list_alpha'
            New-TestJob -Name 'list_beta'
        ) | Wait-MaTrainingJob
    }

    It 'lists every job as summary rows (List set)' {
        $all = Get-MaTrainingJob
        $all[0] | Should -BeOfType ([ModelArts.Core.Models.TrainingJobSummary])
        $all.Name | Should -Contain 'list_alpha'
        $all.Name | Should -Contain 'list_beta'
    }

    It 'filters by -Name with wildcards and by -Status, server-side where it can' {
        $since = Get-MaLocalRequestSeq $svc
        (Get-MaTrainingJob -Name 'list_*').Name | Sort-Object | Should -Be @('list_alpha', 'list_beta')
        (Get-MaLocalRequestLog $svc -Since $since)[0].query | Should -Match 'search_content=list_'
        (Get-MaTrainingJob -Name 'LIST_ALPHA').Name | Should -Be 'list_alpha'
        Get-MaTrainingJob -Status Completed | ForEach-Object { $_.Status | Should -Be 'Completed' }
        (Get-MaTrainingJob -Name 'list_*' -Status Failed, Completed).Count | Should -Be 2
        Get-MaTrainingJob -Name 'list_*' -Status Running | Should -BeNullOrEmpty
    }

    It 'reports a plain name that matches nothing as ObjectNotFound, a pattern as nothing' {
        Get-MaTrainingJob -Name 'nothing_like_this*' | Should -BeNullOrEmpty
        $failure = { Get-MaTrainingJob -Name 'no_such_job' -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'TrainingJobNotFound,ModelArts.PowerShell.Commands.GetMaTrainingJobCommand'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.TargetObject | Should -Be 'no_such_job'
    }

    It 'reads one job by -JobId (latest version) or -JobId -VersionId (ById set), also from the pipeline' {
        $alpha = $listed | Where-Object Name -EQ 'list_alpha'
        $byId = Get-MaTrainingJob -JobId $alpha.JobId
        $byId | Should -BeOfType ([ModelArts.Core.Models.TrainingJob])
        $byId.VersionId | Should -Be $alpha.VersionId
        (Get-MaTrainingJob -JobId $alpha.JobId -VersionId $alpha.VersionId).Name | Should -Be 'list_alpha'
        ($alpha | Get-MaTrainingJob).Status | Should -Be 'Completed'
        (Get-MaTrainingJob -Name 'list_alpha' | Get-MaTrainingJob).FrameworkType | Should -Be 'PyTorch'
    }

    It 'reports an unknown job id as ObjectNotFound with ModelArts.0015' {
        $failure = { Get-MaTrainingJob -JobId 987654 -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'TrainingJobNotFound,ModelArts.PowerShell.Commands.GetMaTrainingJobCommand'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.TargetObject | Should -Be 987654
        $failure.ErrorDetails.Message | Should -Match 'ModelArts\.0015.*request id'
    }

    It '-AllVersions gives every version, by id or for each listed job' {
        $alpha = $listed | Where-Object Name -EQ 'list_alpha'
        $null = $alpha | New-MaTrainingJobVersion -Hyperparameter ([ordered]@{ epochs = 1 }) -Wait
        $versions = Get-MaTrainingJob -JobId $alpha.JobId -AllVersions
        $versions.VersionName | Sort-Object | Should -Be @('V0001', 'V0002')
        (Get-MaTrainingJob -Name 'list_*' -AllVersions).Count | Should -Be 3
    }

    It 'shows jobs and rows as tables with Status first' {
        Get-MaTrainingJob -Name 'list_alpha' | Out-String | Should -Match 'Status\s+JobId\s+VersionId\s+Name\s+Versions'
        Get-MaTrainingJob -Name 'list_beta' | Get-MaTrainingJob | Out-String | Should -Match 'Status\s+JobId\s+VersionId\s+Name\s+Flavor\s+Workers'
        Get-MaTrainingJob -Name 'list_beta' | Get-MaTrainingJob | Out-String | Should -Match 'Completed\s+\d+\s+\d{6}\s+list_beta\s+modelarts\.vm\.cpu\.2u\s+1'
    }
}

Describe 'Wait-MaTrainingJob and the pipelines' {
    It 'Get-MaTrainingJob -Name exp* | Wait-MaTrainingJob | Get-MaTrainingJobLog -Tail 20 waits for all and reads each log tail' {
        $null = New-TestJob -Name 'exp_one' -Hyperparameter ([ordered]@{ epochs = 30 })
        $null = New-TestJob -Name 'exp_two' -Hyperparameter ([ordered]@{ epochs = 25; sleep = 0.02 })
        $lines = Get-MaTrainingJob -Name exp* | Wait-MaTrainingJob | Get-MaTrainingJobLog -Tail 20
        $lines.Count | Should -Be 40
        $lines[0] | Should -BeOfType ([ModelArts.Core.Models.LogLine])
        ($lines | Group-Object JobId).Count | Should -Be 2
        $lines.Line | Should -Contain 'epoch 29 worker 0'
        $lines.Line | Should -Contain 'epoch 24 worker 0'
        $lines.Line | Should -Not -Contain 'epoch 0 worker 0'
    }

    It 'writes one progress bar per job with the status and the elapsed time' {
        $jobs = @(New-TestJob -Name 'progress_a' -Hyperparameter ([ordered]@{ sleep = 0.5 }); New-TestJob -Name 'progress_b' -Hyperparameter ([ordered]@{ sleep = 0.5 }))
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:MODELARTS_TEST_MODULE'`nWait-MaTrainingJob -JobId `$args[0].JobId`n`$args | Wait-MaTrainingJob")
            $null = $ps.AddArgument($jobs[0]).AddArgument($jobs[1])
            $results = $ps.Invoke()
            $results.Status | Should -Be @('Completed', 'Completed', 'Completed')
            $progress = $ps.Streams.Progress
            $progress.Activity | Should -Contain "Waiting for training job 'progress_a' ($($jobs[0].JobId))"
            $progress.StatusDescription -match '^(Init|Waiting|Running), \d+:\d\d elapsed$' | Should -Not -BeNullOrEmpty
            $progress.Activity | Should -Contain 'Waiting for 2 training jobs'
            ($progress | Where-Object ParentActivityId -EQ 0).Count | Should -BeGreaterThan 0
            $progress | Where-Object RecordType -EQ 'Completed' | Should -Not -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
    }

    It 'a failed job (script exits 1) is a non-terminating error, so -ErrorAction Stop throws' {
        $job = New-TestJob -Name 'failing_job' -Hyperparameter ([ordered]@{ exit_code = 1 })
        $failure = { $job | Wait-MaTrainingJob -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'TrainingJobFailed,ModelArts.PowerShell.Commands.WaitMaTrainingJobCommand'
        $failure.CategoryInfo.Category | Should -Be 'InvalidResult'
        $failure.TargetObject.Status | Should -Be 'Failed'
        $failure.ErrorDetails.RecommendedAction | Should -Match "Get-MaTrainingJobLog -JobId $($job.JobId)"

        $final = $job | Wait-MaTrainingJob -ErrorAction SilentlyContinue -ErrorVariable errors
        $final.Status | Should -Be 'Failed'
        $errors.Count | Should -Be 1
        $job | Get-MaTrainingJobLog -Raw | Should -Contain '[ModelArts Service Log]Training failed: worker 0 exited with code 1.'
    }

    It 'New-MaTrainingJob -Wait fails the same way' {
        { New-TestJob -Name 'failing_wait' -Hyperparameter ([ordered]@{ exit_code = 3 }) -Wait -ErrorAction Stop } |
            Should -Throw -ErrorId 'TrainingJobFailed,ModelArts.PowerShell.Commands.NewMaTrainingJobCommand'
    }

    It '-Timeout ends the wait with OperationTimeout while the job keeps running' {
        $job = New-TestJob -Name 'slow_job' -Hyperparameter ([ordered]@{ epochs = 100; sleep = 0.1 })
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $failure = { $job | Wait-MaTrainingJob -Timeout 2 -ErrorAction Stop } | Should -Throw -PassThru
        Write-Figure 'wait.seconds-until-timeout-of-2' ([math]::Round($clock.Elapsed.TotalSeconds, 2))
        $failure.FullyQualifiedErrorId | Should -Be 'WaitTrainingJobTimeout,ModelArts.PowerShell.Commands.WaitMaTrainingJobCommand'
        $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
        ($job | Get-MaTrainingJob).Status | Should -BeIn @('Waiting', 'Running')
        $job | Stop-MaTrainingJob
    }
}

Describe 'Get-MaTrainingJobLog' {
    BeforeAll {
        $script:twoWorkers = New-TestJob -Name 'log_two_workers' -Workers 2 -Hyperparameter ([ordered]@{ epochs = 5 }) -Wait
    }

    It 'reads the whole log of every worker, oldest line first, worker 0 first' {
        $lines = $twoWorkers | Get-MaTrainingJobLog
        ($lines | Where-Object Worker -EQ 0).Line | Select-Object -Skip 4 -First 5 | Should -Be (0..4 | ForEach-Object { "epoch $_ worker 0" })
        ($lines | Where-Object Worker -EQ 1).Line | Should -Contain 'epoch 4 worker 1'
        $lines[0].Worker | Should -Be 0
        $lines[-1].Worker | Should -Be 1
        $lines[0].LogFile | Should -Be 'job-log-two-workers.0'
    }

    It '-Tail N gives the last N lines of each worker; -Worker picks workers; -Raw gives strings' {
        $tail = Get-MaTrainingJobLog -JobId $twoWorkers.JobId -VersionId $twoWorkers.VersionId -Tail 2
        $tail.Count | Should -Be 4
        $raw = Get-MaTrainingJobLog -JobId $twoWorkers.JobId -Worker 1 -Raw
        $raw | Should -BeOfType ([string])
        $raw | Should -Contain 'epoch 4 worker 1'
        $raw | Should -Not -Contain 'epoch 4 worker 0'
    }

    It 'shows a LogLine as just its line' {
        $lines = $twoWorkers | Get-MaTrainingJobLog -Worker 0 -Tail 3
        ($lines | Out-String).Trim() -split '\r?\n' | Should -Be $lines.Line
        "$($lines[0])" | Should -Be $lines[0].Line
    }

    It '-Follow streams a running job until it ends and its log is drained' {
        $job = New-TestJob -Name 'follow_me' -Workers 2 -Hyperparameter ([ordered]@{ epochs = 8; sleep = 0.25 })
        $lines = $job | Get-MaTrainingJobLog -Follow -InformationVariable notice 6>$null
        ($job | Get-MaTrainingJob).Status | Should -Be 'Completed'
        $lines.Line | Should -Contain 'epoch 7 worker 0'
        $lines.Line | Should -Contain 'epoch 7 worker 1'
        $lines.Line | Should -Contain '[ModelArts Service Log]Training completed.'
        "$notice" | Should -Match 'Press Ctrl\+C to detach; the job keeps running'
    }
}

Describe 'Stop-, Remove-, Set-MaTrainingJob and New-MaTrainingJobVersion' {
    BeforeAll {
        New-TestDataset
        $script:base = New-TestJob -Name 'version_base' -Hyperparameter ([ordered]@{ epochs = 4; learning_rate = 0.01 }) -Wait
    }

    It 'Stop-MaTrainingJob -PassThru stops a running job; waiting for it then reports OperationStopped' {
        $job = New-TestJob -Name 'stop_me' -Hyperparameter ([ordered]@{ epochs = 200; sleep = 0.1 })
        Wait-TestCondition { ($job | Get-MaTrainingJob).Status -eq 'Running' }
        $stopped = $job | Stop-MaTrainingJob -PassThru -Confirm:$false
        $stopped.Status | Should -BeIn @('Killing', 'Killed')
        $failure = { $job | Wait-MaTrainingJob -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'TrainingJobKilled,ModelArts.PowerShell.Commands.WaitMaTrainingJobCommand'
        $failure.CategoryInfo.Category | Should -Be 'OperationStopped'
    }

    It 'Set-MaTrainingJob changes the description' {
        $job = New-TestJob -Name 'describe_me'
        ($job | Set-MaTrainingJob -Description 'described again' -PassThru).Description | Should -Be 'described again'
        (Get-MaTrainingJob -Name 'describe_me').Description | Should -Be 'described again'
        { $job | Set-MaTrainingJob -Description ('y' * 300) -ErrorAction Stop } |
            Should -Throw -ErrorId 'DescriptionTooLong,ModelArts.PowerShell.Commands.SetMaTrainingJobCommand'
    }

    It 'New-MaTrainingJobVersion derives a version with new hyperparameters, new OBS data or a dataset' {
        $job = $base | Get-MaTrainingJob
        $v2 = $job | New-MaTrainingJobVersion -Hyperparameter ([ordered]@{ epochs = 2 }) -Description 'fewer epochs' -Wait
        $v2.VersionName | Should -Be 'V0002'
        $v2.PreVersionId | Should -Be $job.VersionId
        $v2.Hyperparameters.Value | Should -Be @('2')
        $v2.CodeDir | Should -Be $job.CodeDir
        $v2 | Get-MaTrainingJobLog -Raw | Should -Contain 'parameters --epochs=2'

        Set-MaLocalObject $svc 'bkt/data2/other.csv' 'x'
        $v3 = New-MaTrainingJobVersion -JobId $job.JobId -VersionId $job.VersionId -Inputs 'obs://bkt/data2/' -Wait
        $v3.DataUrl | Should -Be '/bkt/data2/'
        $v3.Hyperparameters.Label | Should -Be @('epochs', 'learning_rate')
        $v3 | Get-MaTrainingJobLog -Raw | Should -Contain "data ['other.csv']"

        $v4 = $v3 | New-MaTrainingJobVersion -DatasetId 'ds-flowers' -DatasetVersionId 'v2' -Wait
        $v4.DatasetId | Should -Be 'ds-flowers'
        $v4 | Get-MaTrainingJobLog -Raw | Should -Contain "data ['images.manifest']"
    }

    It 'Remove-MaTrainingJob -VersionId removes one version, -Force the whole job without a prompt; a removed job is not found' {
        $job = New-TestJob -Name 'remove_me' -Wait
        $v2 = $job | New-MaTrainingJobVersion -Wait
        Remove-MaTrainingJob -JobId $job.JobId -VersionId $job.VersionId -Force
        (Get-MaTrainingJob -JobId $job.JobId -AllVersions).VersionId | Should -Be @($v2.VersionId)
        Get-MaTrainingJob -Name 'remove_me' | Remove-MaTrainingJob -Force
        Get-MaTrainingJob -Name 'remove_me*' | Should -BeNullOrEmpty
        { Remove-MaTrainingJob -JobId $job.JobId -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'TrainingJobNotFound,ModelArts.PowerShell.Commands.RemoveMaTrainingJobCommand'
    }

    Context '-WhatIf and confirmation, in a fresh non-interactive pwsh' {
        BeforeAll {
            $script:running = New-TestJob -Name 'whatif_running' -Hyperparameter ([ordered]@{ epochs = 300; sleep = 0.1 })
            Wait-TestCondition { ($running | Get-MaTrainingJob).Status -eq 'Running' }
            $script:since = Get-MaLocalRequestSeq $svc
            $text = Invoke-FreshModelArts @"
'=== new'
New-MaTrainingJob -job_name 'whatif_job' -framework_type PyTorch -framework_version 'PyTorch-1.0.0-python3.6' -code_dir 'obs://bkt/code/' ``
    -boot_file train.py -inputs 's3://bkt/data' -output_path '/bkt/out/whatif/' -log_url '/bkt/logs/whatif/' -train_instance_type 'modelarts.vm.cpu.2u' ``
    -train_instance_count 2 -hyperparameters ([ordered]@{ lr = 0.1; epochs = 5 }) -job_description 'never sent' -WhatIf
'=== version'
Get-MaTrainingJob -Name 'version_base' | New-MaTrainingJobVersion -Hyperparameter 'lr=0.5' -WhatIf
'=== stop'
Get-MaTrainingJob -Status Running | Stop-MaTrainingJob -WhatIf
'=== remove'
Get-MaTrainingJob -Name 'whatif_running' | Remove-MaTrainingJob -WhatIf
'=== confirm'
try { Get-MaTrainingJob -Name 'whatif_running' | Remove-MaTrainingJob -ErrorAction Stop } catch { "refused: `$(`$_.Exception.Message)" }
'=== end'
"@
            $script:sections = @{}
            foreach ($match in [regex]::Matches($text, '(?ms)^=== (\w+)\r?\n(.*?)(?=^=== )')) { $sections[$match.Groups[1].Value] = $match.Groups[2].Value }
        }

        AfterAll { $running | Stop-MaTrainingJob -Force }

        It 'New-MaTrainingJob -WhatIf prints the method, the address and the exact JSON body, built from the SDK names' {
            $sections['new'] | Should -Match "What if: training job 'whatif_job': POST http://127\.0\.0\.1:\d+/v1/$($svc.ProjectId)/training-jobs"
            $body = ($sections['new'] -split '\r?\n' | Where-Object { $_ -like '{*' }) | ConvertFrom-Json
            $body.job_name | Should -Be 'whatif_job'
            $body.job_desc | Should -Be 'never sent'
            $body.config.worker_server_num | Should -Be 2
            $body.config.app_url | Should -Be '/bkt/code/'
            $body.config.boot_file_url | Should -Be '/bkt/code/train.py'
            $body.config.data_url | Should -Be '/bkt/data/'
            $body.config.train_url | Should -Be '/bkt/out/whatif/'
            $body.config.log_url | Should -Be '/bkt/logs/whatif/'
            $body.config.engine_id | Should -Be 21
            $body.config.spec_id | Should -BeIn @(2, 7)
            ($body.config.parameter | ForEach-Object { "$($_.label)=$($_.value)" }) | Should -Be @('lr=0.1', 'epochs=5')
        }

        It 'New-MaTrainingJobVersion -WhatIf prints the version body with pre_version_id' {
            $sections['version'] | Should -Match 'What if: version of training job .version_base. \(\d+\) from V\d{4}: POST .*/training-jobs/\d+/versions'
            $sections['version'] | Should -Match '"pre_version_id":\d+'
            $sections['version'] | Should -Match '"parameter":\[\{"label":"lr","value":"0.5"\}\]'
        }

        It 'Get-MaTrainingJob -Status Running | Stop-MaTrainingJob -WhatIf names the running job and stops nothing' {
            $sections['stop'] | Should -Match "What if: Performing the operation `"Stop`" on target `"training job $($running.JobId), version $($running.VersionId)`""
            ($running | Get-MaTrainingJob).Status | Should -Be 'Running'
        }

        It 'Remove-MaTrainingJob -WhatIf removes nothing; without -Force a non-interactive session is refused the prompt' {
            $sections['remove'] | Should -Match "What if: Performing the operation `"Remove`" on target `"training job $($running.JobId) and all its versions`""
            $sections['confirm'] | Should -Match 'refused: .*NonInteractive'
            Get-MaTrainingJob -JobId $running.JobId | Should -Not -BeNullOrEmpty
        }

        It 'sent no create, stop or delete request' {
            Get-MaLocalRequestLog $svc -Since $since | Where-Object method -In 'POST', 'DELETE', 'PUT' | Should -BeNullOrEmpty
        }
    }
}

Describe 'Argument completers through TabExpansion2' {
    BeforeAll {
        $script:completed = 'completer_a', 'completer_b', 'completer_c', 'completer_d' | ForEach-Object { New-TestJob -Name $_ }
    }

    It 'completes -JobId with live job ids (name and status as tooltip) and -Name with job names' {
        $job = $completed[0]
        $ids = (TabExpansion2 'Wait-MaTrainingJob -JobId ').CompletionMatches
        $ids.CompletionText | Should -Contain "$($job.JobId)"
        ($ids | Where-Object CompletionText -EQ "$($job.JobId)").ToolTip | Should -Match 'completer_a'
        (TabExpansion2 'Get-MaTrainingJob -Name completer_').CompletionMatches.CompletionText | Sort-Object | Should -Be @($completed.Name)
        (TabExpansion2 'Get-MaTrainingJobLog -JobId ').CompletionMatches.Count | Should -BeGreaterThan 3
    }

    It 'completes -TrainInstanceType, -FrameworkType and -FrameworkVersion (only the versions of the chosen type)' {
        (TabExpansion2 'New-MaTrainingJob -TrainInstanceType modelarts.vm.cpu').CompletionMatches.CompletionText | Should -Be @('modelarts.vm.cpu.2u', 'modelarts.vm.cpu.8u')
        (TabExpansion2 'New-MaTrainingJob -train_instance_type modelarts.vm.g').CompletionMatches.CompletionText | Should -Contain 'modelarts.vm.gpu.free'
        (TabExpansion2 'New-MaTrainingJob -FrameworkType Py').CompletionMatches.CompletionText | Should -Be @('PyTorch')
        (TabExpansion2 'New-MaTrainingJob -FrameworkType PyTorch -FrameworkVersion ').CompletionMatches.CompletionText |
            Should -Be @('PyTorch-1.0.0-python3.6', 'PyTorch-1.3.0-python3.6', 'PyTorch-1.4.0-python3.6')
    }
}
