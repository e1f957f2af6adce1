# The job cmdlets on the v2 training API (the default) end to end against a real local service that runs the jobs:
# the seed's ways, a 2-node job, both sign-in modes, -WhatIf bodies, error ids before sending and from the service.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService -ArgumentList '--max-running-jobs', '8'
    Connect-MaLocalSession $svc -TrainingApi V2

    # The v2 way: inputs and outputs arrive as local paths; the runner uploads outputs to their OBS paths.
    Set-MaLocalObject $svc 'bkt/code/train.py' @'
import argparse, os, sys
parser = argparse.ArgumentParser()
parser.add_argument('--data_url')
parser.add_argument('--train_url')
parser.add_argument('--exit_code', type=int, default=0)
args, _ = parser.parse_known_args()
print('data', sorted(os.listdir(args.data_url)), 'greeting', os.environ.get('GREETING'), flush=True)
os.makedirs(args.train_url, exist_ok=True)
with open(os.path.join(args.train_url, 'model-%s.txt' % os.environ.get('VC_TASK_INDEX', '0')), 'w') as model:
    model.write('trained')
sys.exit(args.exit_code)
'@
    Set-MaLocalObject $svc 'bkt/data/train.csv' "x,y`n1,2`n"

    $script:engine = 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64'
    $script:obsData = @{
        FrameworkType = 'PyTorch'; FrameworkVersion = $engine; CodeDir = 'obs://bkt/code/'; BootFile = 'train.py'
        Inputs = 'obs://bkt/data/'; TrainInstanceType = 'modelarts.vm.cpu.8u'
    }
    function Get-LastSeq { $log = @(Get-MaLocalRequestLog $svc); if ($log) { $log[-1].seq } else { 0 } }
    function Get-SentJobCalls([long] $Since) { @(Get-MaLocalRequestLog $svc -Since $Since | Where-Object path -Like '/v2/*/training-jobs*') }
}

AfterAll {
    Disconnect-MaSession
    Stop-MaLocalService $svc
}

Describe 'Connect-MaSession -TrainingApi' {
    It 'speaks v2 unless told otherwise, and Get-MaSession shows it' {
        $secret = ConvertTo-SecureString $svc.SecretKey -AsPlainText -Force
        $session = Connect-MaSession -Endpoint $svc.Url -AccessKey $svc.AccessKey -SecretKey $secret -ProjectId $svc.ProjectId -PassThru
        $session.TrainingApi | Should -Be 'V2'
        (Get-MaSession).TrainingApi | Should -Be 'V2'
        (Connect-MaLocalSession $svc -TrainingApi V1 -PassThru).TrainingApi | Should -Be 'V1'
        Connect-MaLocalSession $svc -TrainingApi V2
    }
}

Describe 'New-MaTrainingJob on v2' {
    It 'runs the seed''s OBS example end to end: create, wait, outputs at the OBS path' {
        $job = New-MaTrainingJob -Name 'v2_obs' @obsData -OutputPath 'obs://bkt/out/v2_obs/' -Hyperparameter 'epochs=2' `
            -Environment @{ GREETING = 'hello' } -Wait -ErrorAction Stop
        $job.Phase | Should -Be 'Completed'
        [guid]::TryParse($job.JobId, [ref] [guid]::Empty) | Should -BeTrue
        $job.VersionId | Should -Be 0
        $job.Tasks | Should -Be @('worker-0')
        $job.FrameworkVersion | Should -Be $engine
        Join-Path $svc.DataRoot 'obs/bkt/out/v2_obs/model-0.txt' | Should -Exist
    }

    It 'runs a 2-node job with one task per node' {
        $job = New-MaTrainingJob -Name 'v2_two' @obsData -OutputPath 'obs://bkt/out/v2_two/' -TrainInstanceCount 2 -Wait -ErrorAction Stop
        $job.Phase | Should -Be 'Completed'
        $job.WorkerCount | Should -Be 2
        $job.Tasks | Should -Be @('worker-0', 'worker-1')
    }

    It 'shows the exact v2 body with -WhatIf and sends nothing: <Case>' -ForEach @(
        @{ Case = 'OBS data'; Arguments = "-FrameworkType PyTorch -FrameworkVersion pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64 -CodeDir obs://bkt/code -BootFile train.py -Inputs obs://bkt/data -Hyperparameter 'b=2','a=1' -Environment @{ GREETING = 'hi' } -LogUrl /bkt/log/"
           Expect = '{"kind":"job","metadata":{"name":"v2_preview"},"algorithm":{"code_dir":"/bkt/code/","boot_file":"/bkt/code/train.py","parameters":[{"name":"b","value":"2"},{"name":"a","value":"1"}],"inputs":[{"name":"data_url","remote":{"obs":{"obs_url":"/bkt/data/"}}}],"outputs":[{"name":"train_url","remote":{"obs":{"obs_url":"/bkt/out/p/"}}}],"engine":{"engine_name":"PyTorch","engine_version":"pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64"},"environments":{"GREETING":"hi"}},"spec":{"resource":{"flavor_id":"modelarts.vm.cpu.8u","node_count":1},"log_export_path":{"obs_url":"/bkt/log/"}}}' }
        @{ Case = 'dataset'; Arguments = "-framework_type PyTorch -framework_version pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64 -code_dir /bkt/code/ -boot_file train.py -dataset_id ds1 -dataset_version_id v1 -workspace_id ws1"
           Expect = '{"kind":"job","metadata":{"name":"v2_preview","workspace_id":"ws1"},"algorithm":{"code_dir":"/bkt/code/","boot_file":"/bkt/code/train.py","parameters":[],"inputs":[{"name":"data_url","remote":{"dataset":{"id":"ds1","version_id":"v1"}}}],"outputs":[{"name":"train_url","remote":{"obs":{"obs_url":"/bkt/out/p/"}}}],"engine":{"engine_name":"PyTorch","engine_version":"pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64"}},"spec":{"resource":{"flavor_id":"modelarts.vm.cpu.8u","node_count":1}}}' }
        @{ Case = 'custom image'; Arguments = "-UserImageUrl swr.example/team/train:1.0 -UserCommand 'bash run.sh' -Inputs /bkt/data/ -PoolId pool1"
           Expect = '{"kind":"job","metadata":{"name":"v2_preview"},"algorithm":{"command":"bash run.sh","parameters":[],"inputs":[{"name":"data_url","remote":{"obs":{"obs_url":"/bkt/data/"}}}],"outputs":[{"name":"train_url","remote":{"obs":{"obs_url":"/bkt/out/p/"}}}],"engine":{"image_url":"swr.example/team/train:1.0"}},"spec":{"resource":{"flavor_id":"modelarts.vm.cpu.8u","node_count":1,"pool_id":"pool1"}}}' }
    ) {
        $before = Get-LastSeq
        $text = Invoke-PwshText @"
Import-Module '$env:MODELARTS_TEST_MODULE'
`$secretKey = ConvertTo-SecureString '$($svc.SecretKey)' -AsPlainText -Force
Connect-MaSession -Endpoint '$($svc.Url)' -AccessKey '$($svc.AccessKey)' -SecretKey `$secretKey -ProjectId '$($svc.ProjectId)'
New-MaTrainingJob -Name v2_preview $Arguments -OutputPath /bkt/out/p/ -TrainInstanceType modelarts.vm.cpu.8u -WhatIf
"@
        $text | Should -Match ("What if: training job 'v2_preview': POST http://127\.0\.0\.1:\d+/v2/" + $svc.ProjectId + "/training-jobs")
        ($text -split '\r?\n' | Where-Object { $_ -like '{*' }) | Should -Be $Expect
        Get-SentJobCalls -Since $before | Where-Object method -EQ 'POST' | Should -BeNullOrEmpty
    }

    It '<Case>: <ErrorId>, and no job call is sent' -ForEach @(
        @{ Case = 'v1 engine version'; Change = @{ FrameworkVersion = 'PyTorch-1.0.0-python3.6' }; ErrorId = 'UnknownFramework'; Message = 'pytorch_1\.8\.0-cuda_10\.2' }
        @{ Case = 'count over the max'; Change = @{ TrainInstanceType = 'modelarts.vm.cpu.2u'; TrainInstanceCount = 2 }; ErrorId = 'TrainInstanceCountExceedsMaxNodes'; Message = '1 node' }
        @{ Case = 'refused variable'; Change = @{ Environment = @{ 'bad-name' = 'x' } }; ErrorId = 'InvalidEnvironment'; Message = 'bad-name' }
        @{ Case = 'too many variables'; Change = @{ Environment = (& { $h = @{}; 0..100 | ForEach-Object { $h["V$_"] = 'x' }; $h }) }; ErrorId = 'TooManyEnvironments'; Message = '100' }
        @{ Case = 'unknown flavor'; Change = @{ TrainInstanceType = 'modelarts.vm.cpu.64u' }; ErrorId = 'UnknownTrainInstanceType'; Message = 'modelarts\.vm\.cpu\.8u' }
    ) {
        $arguments = @{ Name = 'v2_bad' } + $obsData + @{ OutputPath = '/bkt/out/bad/' }
        foreach ($key in $Change.Keys) { $arguments[$key] = $Change[$key] }
        $before = Get-LastSeq
        $failure = { New-MaTrainingJob @arguments -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be "$ErrorId,ModelArts.PowerShell.Commands.NewMaTrainingJobCommand"
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match $Message
        Get-SentJobCalls -Since $before | Should -BeNullOrEmpty
    }

    It 'makes a failed job throw with -ErrorAction Stop' {
        $failure = { New-MaTrainingJob -Name 'v2_fails' @obsData -OutputPath '/bkt/out/fails/' -Hyperparameter 'exit_code=3' -Wait -ErrorAction Stop } |
            Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'TrainingJobFailed,*'
    }

    It 'keeps a service refusal''s code: the name is taken' {
        $null = New-MaTrainingJob -Name 'v2_taken' @obsData -OutputPath '/bkt/out/taken/' -ErrorAction Stop
        $failure = { New-MaTrainingJob -Name 'v2_taken' @obsData -OutputPath '/bkt/out/taken/' -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'TrainingJobNameExists,ModelArts.PowerShell.Commands.NewMaTrainingJobCommand'
        $failure.Exception.Message | Should -Match 'ModelArts\.2751'
    }
}

Describe 'Managing v2 jobs' {
    BeforeAll {
        Set-MaLocalObject $svc 'bkt/code/slow.py' "import time`ntime.sleep(300)`n"
        $script:slow = New-MaTrainingJob -Name 'v2_slow' @obsData -BootFile 'slow.py' -OutputPath '/bkt/out/slow/' -ErrorAction Stop
    }

    It 'gets one job by id, and by pipeline' {
        (Get-MaTrainingJob -JobId $slow.JobId).Name | Should -Be 'v2_slow'
        ($slow | Get-MaTrainingJob).JobId | Should -Be $slow.JobId
    }

    It 'lists each job once, newest first, with a server-side name filter' {
        $all = @(Get-MaTrainingJob)
        $all.JobId | Should -Be @($all.JobId | Select-Object -Unique)
        $all.JobId | Should -Contain $slow.JobId
        @(Get-MaTrainingJob -Name 'v2_slow').JobId | Should -Be @($slow.JobId)
        @(Get-MaTrainingJob -Name 'v2_s*').Name | Should -Contain 'v2_slow'
    }

    It 'changes the description, stops (terminates) and removes the job through the pipeline' {
        ($slow | Set-MaTrainingJob -Description 'changed on v2' -PassThru).Description | Should -Be 'changed on v2'
        $slow | Stop-MaTrainingJob -Force
        ($slow | Wait-MaTrainingJob -Timeout 120 -ErrorAction SilentlyContinue).Phase | Should -Be 'Terminated'
        $slow | Remove-MaTrainingJob -Force
        $failure = { Get-MaTrainingJob -JobId $slow.JobId -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'TrainingJobNotFound,ModelArts.PowerShell.Commands.GetMaTrainingJobCommand'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.Exception.Message | Should -Match 'ModelArts\.2775'
    }

    It 'says versions are v1-only before sending anything' {
        $before = Get-LastSeq
        $failure = { New-MaTrainingJobVersion -JobId ([guid]::NewGuid()) -Description 'x' -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'NotInTrainingApi,ModelArts.PowerShell.Commands.NewMaTrainingJobVersionCommand'
        $failure.Exception.Message | Should -Match 'v1'
        { Get-MaTrainingJob -JobId ([guid]::NewGuid()) -VersionId 2 -ErrorAction Stop } | Should -Throw -ErrorId 'NotInTrainingApi,*'
        Get-SentJobCalls -Since $before | Should -BeNullOrEmpty
    }

    It 'works signed in with a password (IAM token) too' {
        Connect-MaLocalSession $svc -Password -TrainingApi V2
        try {
            $job = New-MaTrainingJob -Name 'v2_token' @obsData -OutputPath '/bkt/out/token/' -Wait -ErrorAction Stop
            $job.Phase | Should -Be 'Completed'
        }
        finally { Connect-MaLocalSession $svc -TrainingApi V2 }
    }
}

Describe 'v2 catalogs' {
    It 'Get-MaFlavor reads training-job-flavors: type, arch, cores, memory, max nodes' {
        $flavor = Get-MaFlavor 'modelarts.vm.cpu.8u'
        $flavor.FlavorType | Should -Be 'CPU'
        $flavor.Arch | Should -Be 'x86'
        $flavor.Cores | Should -Be 8
        $flavor.MemoryGiB | Should -Be 32
        $flavor.MaxNodes | Should -Be 16
        (Get-MaFlavor 'modelarts.p3.large.public').GpuCount | Should -Be 1
    }

    It 'Get-MaEngine reads training-job-engines: name, version, v1 compatibility' {
        $engines = @(Get-MaEngine)
        $engines.FrameworkVersion | Should -Contain $engine
        ($engines | Where-Object FrameworkVersion -EQ 'PyTorch-1.4.0-python3.6').V1Compatible | Should -BeTrue
    }
}

Describe 'Invoke-MaRestMethod' {
    It 'sends a signed call with {project_id} filled in and writes the parsed answer' {
        $answer = Invoke-MaRestMethod '/v2/{project_id}/training-job-flavors'
        $answer.flavors.flavor_id | Should -Contain 'modelarts.vm.cpu.8u'
        $found = Invoke-MaRestMethod "/v2/{project_id}/training-job-searches" -Method POST -Body @{ limit = 1 }
        $found.limit | Should -Be 1
    }

    It 'keeps a service error''s code and request id, and -WhatIf sends nothing' {
        $failure = { Invoke-MaRestMethod "/v2/{project_id}/training-jobs/$([guid]::NewGuid())" -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'TrainingJobNotFound,ModelArts.PowerShell.Commands.InvokeMaRestMethodCommand'
        $failure.Exception.Message | Should -Match 'ModelArts\.2775.*request id'
        $before = Get-LastSeq
        Invoke-MaRestMethod '/v2/{project_id}/training-job-searches' -Method POST -Body '{"limit":1}' -WhatIf
        @(Get-MaLocalRequestLog $svc -Since $before | Where-Object path -Like '/v2/*') | Should -BeNullOrEmpty
    }

    It 'refuses a relative path before sending: InvalidRestRequest' {
        { Invoke-MaRestMethod 'v2/x' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRestRequest,ModelArts.PowerShell.Commands.InvokeMaRestMethodCommand'
    }
}

Describe 'Events and metrics of a v2 job' {
    BeforeAll {
        $script:done = New-MaTrainingJob -Name 'v2_observed' @obsData -OutputPath '/bkt/out/observed/' -TrainInstanceCount 2 -Wait -ErrorAction Stop
    }

    It 'Get-MaTrainingJobEvent lists the job''s life oldest first, filtered by level and time' {
        $events = @($done | Get-MaTrainingJobEvent)
        $events.Message | Should -Be @('Job created.', 'Job started running.', 'Job ended: Completed.')
        $events.Level | Should -Be @('Info', 'Info', 'Info')
        @($done | Get-MaTrainingJobEvent -Level Error) | Should -BeNullOrEmpty
        @($done | Get-MaTrainingJobEvent -After ([datetime]::Now.AddDays(1))) | Should -BeNullOrEmpty
    }

    It 'Get-MaTrainingJobMetric writes a series per task and metric, -1 as empty' {
        $metrics = @($done | Get-MaTrainingJobMetric)
        ($metrics.Task | Select-Object -Unique) | Should -Be @('worker-0', 'worker-1')
        ($metrics | Where-Object Task -EQ 'worker-0').Metric | Should -Contain 'cpuUsage'
        ($metrics[0].Values | Where-Object { $null -ne $_ }) | Should -BeNullOrEmpty
        @(Get-MaTrainingJobMetric -JobId $done.JobId -Task 'worker-1').Task | Select-Object -Unique | Should -Be 'worker-1'
    }

    It 'an unknown task is UnknownTask, listing the job''s tasks' {
        $failure = { Get-MaTrainingJobMetric -JobId $done.JobId -Task 'worker-7' -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be 'UnknownTask,ModelArts.PowerShell.Commands.GetMaTrainingJobMetricCommand'
        $failure.Exception.Message | Should -Match 'worker-0, worker-1'
    }

    It 'says events are v2-only on a v1 session, before sending' {
        Connect-MaLocalSession $svc -TrainingApi V1
        try {
            { Get-MaTrainingJobEvent -JobId 1 -ErrorAction Stop } | Should -Throw -ErrorId 'NotInTrainingApi,*'
        }
        finally { Connect-MaLocalSession $svc -TrainingApi V2 }
    }
}
