# Issue 16 items 6 and 7: name a job everywhere (-Name with wildcards on Wait, Stop, Remove and Get-MaTrainingJobLog),
# Get-MaTrainingJob newest first with -First/-Newest and a positional id, and log lines of several jobs told apart.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService -ArgumentList '--max-running-jobs', '8'
    $script:v1 = Connect-MaLocalSession $svc -TrainingApi V1 -PassThru
    $script:v2 = Connect-MaLocalSession $svc -TrainingApi V2 -PassThru
    # Sleeps for --sleep=N seconds, then says hello; a job with --sleep=120 stays Running for the stop tests.
    $trainScript = @'
for a in "$@"; do case "$a" in --sleep=*) sleep "${a#--sleep=}" ;; esac; done
echo "hello from worker ${VC_TASK_INDEX:-0}"
'@
    $script:v1Args = Write-TrainingScript $svc -Name 'names.sh' -Content $trainScript
    $script:v2Args = Write-TrainingScript $svc -Name 'names.sh' -Content $trainScript -TrainingApi V2
    function New-NamedJob([string] $Name, [string] $Sleep = '0', $Session = $v1) {
        $arguments = if ($Session.TrainingApi -eq 'V2') { $v2Args } else { $v1Args }
        New-MaTrainingJob -Session $Session -Name $Name @arguments -OutputPath "obs://bkt/out/$Name/" -Hyperparameter ([ordered]@{ sleep = $Sleep })
    }
    function Get-LastSeq { $log = @(Get-MaLocalRequestLog $svc); if ($log) { $log[-1].seq } else { 0 } }
    function Get-ChangingCalls([long] $Since) { @(Get-MaLocalRequestLog $svc -Since $Since | Where-Object method -In 'POST', 'DELETE', 'PUT' | Where-Object path -NotLike '*/training-job-searches') }
}

AfterAll {
    Get-MaTrainingJob -Session $v1 | Stop-MaTrainingJob -Session $v1 -Force -ErrorAction SilentlyContinue
    Get-MaTrainingJob -Session $v2 | Stop-MaTrainingJob -Session $v2 -Force -ErrorAction SilentlyContinue
    Disconnect-MaSession -ErrorAction SilentlyContinue
    Stop-MaLocalService $svc
}

Describe 'Get-MaTrainingJob lists newest first, takes -First/-Newest, and binds a lone value as the id' {
    BeforeAll {
        # Created in name order, so a list sorted by name would come out the other way round.
        $script:ordered = 'order_a', 'order_b', 'order_c' | ForEach-Object { New-NamedJob $_ }
        $script:orderedV2 = 'order2_a', 'order2_b', 'order2_c' | ForEach-Object { New-NamedJob $_ -Session $v2 }
    }

    It 'v1: the newest job comes first' {
        (Get-MaTrainingJob -Session $v1 -Name 'order_*').Name | Should -Be 'order_c', 'order_b', 'order_a'
    }

    It 'v2: the newest job comes first' {
        (Get-MaTrainingJob -Session $v2 -Name 'order2_*').Name | Should -Be 'order2_c', 'order2_b', 'order2_a'
    }

    It '-First N gives the N newest, and -Newest is the same parameter' {
        (Get-MaTrainingJob -Session $v1 -Name 'order_*' -First 2).Name | Should -Be 'order_c', 'order_b'
        (Get-MaTrainingJob -Session $v2 -Name 'order2_*' -Newest 1).Name | Should -Be 'order2_c'
        (Get-Command Get-MaTrainingJob).Parameters['First'].Aliases | Should -Contain 'Newest'
    }

    It '-First stops reading the list: one page of two rows, not the whole list' {
        $since = Get-LastSeq
        $null = Get-MaTrainingJob -Session $v1 -First 2
        $lists = @(Get-MaLocalRequestLog $svc -Since $since | Where-Object { $_.method -eq 'GET' -and $_.path -like '*/training-jobs' })
        $lists.Count | Should -Be 1
        $lists[0].query | Should -Match 'per_page=2'
    }

    It 'a lone value is the job id: a v1 number and a v2 UUID' {
        $byId = Get-MaTrainingJob -Session $v1 $ordered[0].JobId
        $byId.Name | Should -Be 'order_a'
        $byId | Should -BeOfType ([ModelArts.Core.Models.TrainingJob])
        (Get-MaTrainingJob -Session $v2 $orderedV2[1].JobId).Name | Should -Be 'order2_b'
    }

    It 'a name given where the id goes says to use -Name' {
        $failure = { Get-MaTrainingJob -Session $v1 order_a -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Match '^InvalidJobId,'
        $failure.Exception.Message | Should -Match "-Name 'order_a'"
    }

    It 'v2 list rows carry FlavorCode and OutputPath; a v1 row piped to Get-MaTrainingJob gets them' {
        $row = Get-MaTrainingJob -Session $v2 -Name 'order2_a'
        $row.FlavorCode | Should -Be 'modelarts.vm.cpu.8u'
        $row.OutputPath | Should -Be '/bkt/out/order2_a/'
        $detail = Get-MaTrainingJob -Session $v1 -Name 'order_a' | Get-MaTrainingJob -Session $v1
        $detail.FlavorCode | Should -Be 'modelarts.vm.cpu.2u'
        $detail.OutputPath | Should -Be '/bkt/out/order_a/'
    }
}

Describe '-Name with wildcards on Wait-, Stop-, Remove-MaTrainingJob and Get-MaTrainingJobLog' {
    It 'Wait-MaTrainingJob -Name waits for every job the pattern finds' {
        $null = 'wait_1', 'wait_2' | ForEach-Object { New-NamedJob $_ -Sleep '1' }
        $final = @(Wait-MaTrainingJob -Session $v1 -Name 'wait_*' -Timeout 300)
        ($final.Name | Sort-Object) | Should -Be 'wait_1', 'wait_2'
        $final.Status | Should -Be 'Completed', 'Completed'
    }

    Context 'Get-MaTrainingJobLog -Name and -Prefix' {
        BeforeAll {
            $null = 'log_1', 'log_2' | ForEach-Object { New-NamedJob $_ } | Wait-MaTrainingJob -Session $v1 -Timeout 300
        }

        It 'Get-MaTrainingJobLog -Name -Prefix labels each line with its job and worker' {
            $lines = @(Get-MaTrainingJobLog -Session $v1 -Name 'log_*' -Prefix -Raw)
            $lines | Should -Contain '[log_1 worker 0] hello from worker 0'
            $lines | Should -Contain '[log_2 worker 0] hello from worker 0'
            # Objects keep their properties and show the label in their default view.
            $objects = @(Get-MaTrainingJobLog -Session $v1 -Name 'log_1' -Prefix)
            ($objects | Where-Object Line -Like 'hello*').Line | Should -Be 'hello from worker 0'
            ($objects | Out-String) | Should -Match '\[log_1 worker 0\] hello from worker 0'
            # Without -Prefix nothing changes.
            @(Get-MaTrainingJobLog -Session $v1 -Name 'log_1' -Raw) | Should -Contain 'hello from worker 0'
        }

        It 'Get-MaTrainingJobLog -Prefix by id labels with the job''s name' {
            $job = Get-MaTrainingJob -Session $v1 -Name 'log_2'
            @(Get-MaTrainingJobLog -Session $v1 -JobId $job.JobId -Prefix -Raw) | Should -Contain '[log_2 worker 0] hello from worker 0'
        }
    }

    Context 'Stop and Remove by a pattern matching several jobs' {
        BeforeAll {
            $script:running = 'stop_1', 'stop_2' | ForEach-Object { New-NamedJob $_ -Sleep '120' }
            $script:bystander = New-NamedJob 'bystander' -Sleep '120'
            Wait-TestCondition { @(Get-MaTrainingJob -Session $v1 -Name 'stop_*' -Status Running).Count -eq 2 }
        }

        It 'Stop-MaTrainingJob -Name -WhatIf asks once per job, naming each, and sends nothing' {
            $since = Get-LastSeq
            $service = $svc | Select-Object Url, AccessKey, SecretKey, ProjectId, ProjectName | ConvertTo-Json -Compress
            $text = Invoke-PwshText @"
Import-Module '$env:MODELARTS_TEST_MODULE'
Import-Module '$(Join-Path $env:MODELARTS_REPO_ROOT 'build/LocalService.psm1')'
Connect-MaLocalSession ('$service' | ConvertFrom-Json)
Stop-MaTrainingJob -Name 'stop_*' -WhatIf
Remove-MaTrainingJob -Name 'stop_*' -WhatIf
"@
            foreach ($job in $running) {
                $text | Should -Match "What if: Performing the operation `"Stop`" on target `"training job '$($job.Name)' \($($job.JobId)\)`""
                $text | Should -Match "What if: Performing the operation `"Remove`" on target `"training job '$($job.Name)' \($($job.JobId)\) and all its versions`""
            }
            $text | Should -Not -Match 'bystander'
            Get-ChangingCalls $since | Should -BeNullOrEmpty
        }

        It 'Stop-MaTrainingJob -Name -Force stops exactly the matching jobs' {
            Stop-MaTrainingJob -Session $v1 -Name 'stop_*' -Force
            Wait-TestCondition { @(Get-MaTrainingJob -Session $v1 -Name 'stop_*' -Status Killed).Count -eq 2 }
            (Get-MaTrainingJob -Session $v1 -Name 'bystander').Status | Should -Be 'Running'
        }

        It 'Remove-MaTrainingJob -Name -Force removes exactly the matching jobs' {
            Remove-MaTrainingJob -Session $v1 -Name 'stop_*' -Force
            Get-MaTrainingJob -Session $v1 -Name 'stop_*' | Should -BeNullOrEmpty
            Get-MaTrainingJob -Session $v1 -Name 'bystander' | Should -Not -BeNullOrEmpty
            Stop-MaTrainingJob -Session $v1 -Name 'bystander' -Force
        }
    }

    It 'a name or pattern that matches no job is a non-terminating ObjectNotFound error, and nothing is sent' -TestCases @(
        @{ Command = 'Stop-MaTrainingJob' }, @{ Command = 'Remove-MaTrainingJob' }, @{ Command = 'Wait-MaTrainingJob' }, @{ Command = 'Get-MaTrainingJobLog' }
    ) {
        $since = Get-LastSeq
        $extra = if ($Command -in 'Stop-MaTrainingJob', 'Remove-MaTrainingJob') { @{ Force = $true } } else { @{} }
        $out = & $Command -Session $v1 -Name 'no_such_job', 'no_such_*' @extra -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failures.Count | Should -Be 2
        $failures | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -Match '^TrainingJobNotFound,'
            $_.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
        $failures.TargetObject | Should -Be 'no_such_job', 'no_such_*'
        Get-ChangingCalls $since | Should -BeNullOrEmpty
        { & $Command -Session $v1 -Name 'no_such_job' @extra -ErrorAction Stop } | Should -Throw -ExpectedMessage "No training job matches 'no_such_job'."
    }

    It 'v2: Stop-MaTrainingJob -Name finds the job through the search' {
        $job = New-NamedJob 'v2_stop_me' -Sleep '120' -Session $v2
        Wait-TestCondition { (Get-MaTrainingJob -Session $v2 $job.JobId).Status -eq 'Running' }
        Stop-MaTrainingJob -Session $v2 -Name 'v2_stop_*' -Force
        Wait-TestCondition { (Get-MaTrainingJob -Session $v2 $job.JobId).Phase -eq 'Terminated' }
    }

    It 'the syntax shows both ways to name a job' -TestCases @(
        @{ Command = 'Stop-MaTrainingJob' }, @{ Command = 'Remove-MaTrainingJob' }, @{ Command = 'Wait-MaTrainingJob' }, @{ Command = 'Get-MaTrainingJobLog' }
    ) {
        $syntax = (Get-Command $Command -Syntax) -join "`n"
        $syntax | Should -Match "$Command \[-JobId\] <string>"
        $syntax | Should -Match "$Command -Name <string\[\]>"
    }
}

Describe 'Smaller ones (issue 16 item 10)' {
    It 'with no session, -ErrorAction SilentlyContinue and Ignore silence NoSession; Stop and the default still stop' {
        $result = Invoke-FreshPwsh -ArgumentList $env:MODELARTS_TEST_MODULE -ScriptBlock {
            param($module)
            Import-Module $module
            $r = [ordered]@{}
            try { $null = Get-MaFlavor -ErrorAction SilentlyContinue -ErrorVariable e; $r.Silent = "written: $($e[0].FullyQualifiedErrorId)" } catch { $r.Silent = 'threw' }
            try { Wait-MaTrainingJob -Name 'x*' -ErrorAction Ignore; $r.Ignore = 'nothing' } catch { $r.Ignore = 'threw' }
            try { Get-MaFlavor -ErrorAction Stop; $r.Stop = 'went on' } catch { $r.Stop = "threw: $($_.FullyQualifiedErrorId)" }
            try { Get-MaTrainingJob; $r.Default = 'went on' } catch { $r.Default = "threw: $($_.FullyQualifiedErrorId)" }
            [pscustomobject]$r
        }
        $result.Silent | Should -Be 'written: NoSession,ModelArts.PowerShell.Commands.GetMaFlavorCommand'
        $result.Ignore | Should -Be 'nothing'
        $result.Stop | Should -Be 'threw: NoSession,ModelArts.PowerShell.Commands.GetMaFlavorCommand'
        $result.Default | Should -Be 'threw: NoSession,ModelArts.PowerShell.Commands.GetMaTrainingJobCommand'
    }

    It 'a failed Connect-MaSession honours -ErrorAction SilentlyContinue' {
        $wrong = ConvertTo-SecureString 'not-the-secret-key' -AsPlainText -Force
        $threw = $false
        try {
            Connect-MaSession -Endpoint $svc.Url -AccessKey $svc.AccessKey -SecretKey $wrong -ProjectId $svc.ProjectId -MaximumRetryCount 0 `
                -ErrorAction SilentlyContinue -ErrorVariable failures
        }
        catch { $threw = $true }
        $threw | Should -BeFalse
        $failures[0].FullyQualifiedErrorId | Should -Match '^AuthenticationFailed,'
        { Connect-MaSession -Endpoint $svc.Url -AccessKey $svc.AccessKey -SecretKey $wrong -ProjectId $svc.ProjectId -MaximumRetryCount 0 } |
            Should -Throw -ErrorId 'AuthenticationFailed*'
    }

    It 'a sold-out flavor warns before -WhatIf shows the request, and nothing is sent' {
        $since = Get-LastSeq
        $arguments = $v1Args.Clone()
        $arguments.TrainInstanceType = 'modelarts.vm.gpu.free'
        $null = New-MaTrainingJob -Session $v1 -Name 'sold_out' @arguments -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'Flavor modelarts\.vm\.gpu\.free is sold out: the service refuses new jobs on it.*Get-MaFlavor'
        Get-ChangingCalls $since | Should -BeNullOrEmpty
    }

    It 'a framework job without -CodeDir is refused before any request, even the catalog reads' -TestCases @(@{ Api = 'V1' }, @{ Api = 'V2' }) {
        $fresh = Connect-MaLocalSession $svc -TrainingApi $Api -PassThru
        $arguments = if ($Api -eq 'V2') { $v2Args.Clone() } else { $v1Args.Clone() }
        $arguments.Remove('CodeDir')
        $arguments.BootFile = 'obs://bkt/code/names.sh'
        $since = Get-LastSeq
        { New-MaTrainingJob -Session $fresh -Name 'no_code_dir' @arguments -ErrorAction Stop } | Should -Throw -ErrorId 'MissingCodeDir*'
        @(Get-MaLocalRequestLog $svc -Since $since).Count | Should -Be 0
    }
}

Describe 'Errors name a status, not its code (issue 16 item 8)' {
    It 'stopping a job that has ended says what it is' {
        $done = New-NamedJob 'done_job' | Wait-MaTrainingJob -Session $v1 -Timeout 300
        $failure = { Stop-MaTrainingJob -Session $v1 -JobId $done.JobId -Force -ErrorAction Stop } | Should -Throw -PassThru
        $failure.Exception.Message | Should -Match 'is not running \(it is Completed\)'
        $failure.Exception.Message | Should -Not -Match 'status \d+'
    }
}
