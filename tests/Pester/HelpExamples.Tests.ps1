# Issue 16 item 4, for the help: every example of docs/en-US/<Verb-Noun>.md that can run against the local service
# runs, so the help cannot rot. The examples are read with the help compiler's own reader (Get-MarkdownHelpModel);
# each one's powershell blocks run as written, in a fresh pwsh and a folder of its own, against one local service
# prepared as the world the examples describe (the buckets, dataset, jobs, names and ids they use). An example passes
# when it runs to its end without an error and, where the help shows output, prints output of that shape: the same
# table columns, list keys and What if/WARNING/VERBOSE lines, and a first line that starts with the same word.
#
# $Rules below is the one place that says how an example runs when it needs more than the default, or why it cannot
# run here. The default, also for examples added after this file: run on a v2 session (the module's default), so a
# new example runs too, and fails until it works or a rule names the reason.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../build/HelpCompiler.psm1') -Force

    # Keyed by command and title (without "Example N: "), so an example added in between does not move a rule.
    $v1 = 'written for the v1 API (numeric job ids, versions, v1 engine names or the v1 views it shows)'
    $Rules = @{
        # Cannot run here.
        'Connect-MaSession: Connect to Open Telekom Cloud in eu-de' = @{ Exclude = 'signs in to a real Open Telekom Cloud account (eu-de) and prompts for the secret key' }
        'Connect-MaSession: Use two sessions at once' = @{ Exclude = 'needs a second local service listening on port 9443' }
        'Connect-MaSession: Connect to a local service in a CI service container' = @{ Exclude = "reaches a CI service container by its host name 'modelarts', which this machine does not resolve" }
        'Connect-MaSession: Connect through a corporate proxy that inspects TLS' = @{ Exclude = 'needs a corporate proxy and prompts for its credentials (Get-Credential)' }
        # Run, with what they need.
        'Disconnect-MaSession: Close the default session' = @{ Ends = 'Error'; Because = 'it shows the error of a cmdlet run without a session' }
        'Wait-MaTrainingJob: Fail a CI step when training fails or takes too long' = @{ Api = 'V1'; Ends = 'Exit'; Because = "$v1; it ends the script with exit 1 after printing the failed job's error" }
        'Get-MaTrainingJobLog: Follow a job live' = @{
            Api = 'V1'; Because = "$v1; it splats `$jobParameters, a hashtable of New-MaTrainingJob parameters its remark describes"
            Setup = "`$jobParameters = @{ Name = 'follow_demo'; FrameworkType = 'PyTorch'; FrameworkVersion = 'PyTorch-1.0.0-python3.6'; CodeDir = '/bucket/src/'; BootFile = 'train.py'; Inputs = '/bucket/data/train/'; OutputPath = '/bucket/output/follow/'; TrainInstanceType = 'modelarts.vm.cpu.2u' }"
        }
        # Stopping a completed job is an error, so this one stops two slow jobs of its own, named like the example's.
        'Stop-MaTrainingJob: Stop every job of an experiment, after a look at what that means' = @{
            Api = 'V1'; Because = "$v1; it stops two running jobs of its own (stopdemo_*), since the exp42_* jobs have completed and exp* examples wait for the rest"
            Setup = "foreach (`$n in 'stopdemo_a', 'stopdemo_b') { `$null = New-MaTrainingJob -Name `$n -FrameworkType PyTorch -FrameworkVersion 'PyTorch-1.0.0-python3.6' -CodeDir '/bucket/src/' -BootFile train.py -Inputs '/bucket/data/train/' -OutputPath `"/bucket/out/`$n/`" -TrainInstanceType 'modelarts.vm.cpu.2u' -Hyperparameter 'epochs=100000', 'pause=1' }"
            Replace = @{ "'exp42_*'" = "'stopdemo_*'" }
        }
    }
    # The SDK's three examples all create my_training_job, which the other examples find as job 1; their remark says
    # to change -Name when one has run.
    $sdk = @{ 'Create a job with data in OBS (the SDK''s example 1)' = 1; 'Create a job with a dataset (the SDK''s example 2)' = 2; 'Create a job from a custom image (the SDK''s example 3)' = 3 }
    foreach ($title in $sdk.Keys) {
        $Rules["New-MaTrainingJob: $title"] = @{ Api = 'V1'; Because = "$v1; -Name changed, as its remark says, since my_training_job exists"; Replace = @{ "-Name 'my_training_job'" = "-Name 'my_training_job_$($sdk[$title])'" } }
    }
    $v1Examples = @{
        'Get-MaEngine'             = 'List the PyTorch versions', 'Find the engines that run Python 3', 'Print the pairs the way the Python SDK does'
        'Get-MaFlavor'             = 'List every flavor', 'Find GPU flavors that can run a four-node job'
        'Get-MaTrainingJob'        = 'List all jobs', 'Wait for some jobs and read the end of their logs', 'Preview stopping every running job', 'Show one job''s configuration', 'Find the failed jobs of the last day', 'The three newest jobs, and one job by its id'
        'Get-MaTrainingJobLog'     = 'Read the end of a job''s log', 'Search the log of one worker', 'Save every version''s log to files', 'The last lines of several jobs, told apart'
        'New-MaTrainingJob'        = 'Preview the request with -WhatIf', 'Create, wait and read the log in a CI script'
        'New-MaTrainingJobVersion' = 'Train again with other hyperparameters', 'Train on new data in OBS', 'Preview the request'
        'Remove-MaTrainingJob'     = 'See which jobs would be deleted', 'Delete one version without a prompt', 'Clean up test jobs in a script', 'Remove the jobs of a finished experiment'
        'Set-MaTrainingJob'        = 'Describe a job', 'Clear the description'
        'Stop-MaTrainingJob'       = 'Preview stopping every running job', 'Stop a job and see its new status', 'Stop a job by id'
        'Wait-MaTrainingJob'       = 'Wait for a new job', 'Wait for several jobs and read their logs', 'Wait for the jobs of an experiment by name'
    }
    foreach ($command in $v1Examples.Keys) {
        foreach ($title in $v1Examples[$command]) { $Rules["${command}: $title"] = @{ Api = 'V1'; Because = $v1 } }
    }

    $documents = @(Get-ChildItem (Join-Path $PSScriptRoot '../../docs/en-US') -Filter '*-*.md' | Sort-Object Name | Get-MarkdownHelpModel)
    $Examples = @(foreach ($doc in $documents) {
            for ($i = 0; $i -lt $doc.Examples.Count; $i++) {
                $example = $doc.Examples[$i]
                $id = '{0}/{1}' -f $doc.Name, ($i + 1)
                $key = '{0}: {1}' -f $doc.Name, ($example.Title -replace '^Example \d+:\s*', '')
                $rule = if ($Rules.ContainsKey($key)) { $Rules[$key] } else { @{} }
                @{
                    Id       = $id
                    Key      = $key
                    Title    = $example.Title
                    Code     = (@($example.CodeBlocks | Where-Object Lang -In 'powershell', 'pwsh' | ForEach-Object Text) -join "`n")
                    Output   = (@($example.CodeBlocks | Where-Object Lang -EQ 'output' | ForEach-Object Text) -join "`n")
                    Api      = $(if ($rule.Api) { $rule.Api } else { 'V2' })
                    Ends     = $(if ($rule.Ends) { $rule.Ends } else { 'Done' })
                    Setup    = "$($rule.Setup)"
                    Replace  = $(if ($rule.Replace) { $rule.Replace } else { @{} })
                    Exclude  = "$($rule.Exclude)"
                    Because  = "$($rule.Because)"
                }
            }
        })
    $Runnable = @($Examples | Where-Object { -not $_.Exclude })
    $Listing = @{ Examples = $Examples; RuleKeys = @($Rules.Keys) }
    $Numbering = @($documents | ForEach-Object { @{ Name = $_.Name; Titles = @($_.Examples.Title) } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:seed = Join-Path $PSScriptRoot '../../examples/logistic-regression'

    # Jobs of the examples stay running (slow_job, slow_job2) while others train: room for them all.
    $script:svc = Start-MaLocalService -ArgumentList '--max-running-jobs', '16'
    $script:work = Join-Path $svc.DataRoot 'help-examples'
    $null = New-Item -ItemType Directory $work

    # The objects and datasets the examples name. A local bucket is a folder; Set-MaLocalObject writes as an upload.
    $train = Get-Content (Join-Path $seed 'code/train.py') -Raw
    $csv = Get-Content (Join-Path $seed 'data/train.csv') -Raw
    foreach ($key in 'bucket/src/train.py', 'bucket/src/pytorch_sentiment.py', 'my-bucket/logistic-regression/code/train.py', 'my-bucket/lr/code/train.py') {
        Set-MaLocalObject $svc -Key $key -Content $train
    }
    foreach ($key in 'bucket/data/train/train.csv', 'bucket/data/2026-11/train.csv', 'my-bucket/logistic-regression/data/train.csv', 'my-bucket/lr/data/train.csv', 'my-bucket/data/train.csv') {
        Set-MaLocalObject $svc -Key $key -Content $csv
    }
    Set-MaLocalObject $svc -Key 'bucket/src/fail.py' -Content "import sys`nprint('bad data')`nsys.exit(3)"
    Set-MaLocalObject $svc -Key 'my-bucket/project/readme.txt' -Content 'project'
    Set-MaLocalObject $svc -Key 'my-bucket/output/job1/model.json' -Content '{}'
    Set-MaLocalObject $svc -Key 'my-bucket/tmp/old.bin' -Content 'old'
    Set-MaLocalObject $svc -Key 'my-bucket/scratch/notes.txt' -Content 'scratch'
    $dataset = Join-Path $svc.DataRoot 'datasets/4AZNvFkN7KYr5EdhFkH/UOF9BIeSGArwVt0oI6T'
    $null = New-Item -ItemType Directory $dataset
    Set-Content (Join-Path $dataset 'train.csv') $csv -NoNewline

    # The folder every example starts in: the local folders they upload, and a default profile that a bare
    # Connect-MaSession (the SDK's Session()) finds.
    $script:template = Join-Path $work 'template'
    $null = New-Item -ItemType Directory (Join-Path $template 'src'), (Join-Path $template 'data'), (Join-Path $template 'logistic-regression')
    foreach ($folder in 'src', 'logistic-regression') { Copy-Item (Join-Path $seed 'code/train.py') (Join-Path $template $folder) }
    Copy-Item (Join-Path $seed 'data/train.csv') (Join-Path $template 'data')
    $env:MODELARTS_PROFILE_PATH = Join-Path $template 'profiles.json'
    try { $null = Connect-MaLocalSession $svc -Parameters @{ SaveProfile = 'default' } }
    finally { Remove-Item Env:MODELARTS_PROFILE_PATH }

    # The v1 jobs the examples name by id and name, created in the order that gives them those ids (a fresh service
    # numbers v1 jobs from 1 and versions from 100001): 1 my_training_job (two workers, two versions), 2 slow_job
    # (running), 3 fail_job (failed), 4 exp1, 5 slow_job2 (running); then the experiments that -Name examples pick by
    # pattern (exp41_a, exp41_b, exp42_a, exp42_b), completed, so that the examples waiting for exp* end.
    $v1 = Connect-MaLocalSession $svc -TrainingApi V1 -PassThru
    $common = @{
        FrameworkType = 'PyTorch'; FrameworkVersion = 'PyTorch-1.0.0-python3.6'; CodeDir = '/bucket/src/'; BootFile = 'train.py'
        Inputs = '/bucket/data/train/'; TrainInstanceType = 'modelarts.vm.cpu.2u'; Session = $v1
    }
    $slow = @{ Hyperparameter = 'epochs=100000', 'pause=1' }
    $first = New-MaTrainingJob -Name my_training_job @common -OutputPath /bucket/output/ -LogUrl /bucket/log/ -TrainInstanceCount 2 -Hyperparameter 'epochs=5' -Wait
    $null = $first | New-MaTrainingJobVersion -Hyperparameter 'epochs=3', 'learning_rate=0.1' -Session $v1 -Wait
    $null = New-MaTrainingJob -Name slow_job @common @slow -OutputPath /bucket/output/slow/
    $null = New-MaTrainingJob -Name fail_job @common -BootFile fail.py -OutputPath /bucket/output/fail/ -Wait -ErrorAction SilentlyContinue
    $null = New-MaTrainingJob -Name exp1 @common -OutputPath /bucket/output/exp1/ -Wait
    $null = New-MaTrainingJob -Name slow_job2 @common @slow -OutputPath /bucket/output/slow2/
    foreach ($name in 'exp41_a', 'exp41_b', 'exp42_a', 'exp42_b') { $null = New-MaTrainingJob -Name $name @common -OutputPath "/bucket/out/$name/" -Wait }
    $byId = @(Get-MaTrainingJob -Session $v1 | Sort-Object { [int]$_.JobId } | Select-Object -First 5)
    $byId.Name | Should -Be 'my_training_job', 'slow_job', 'fail_job', 'exp1', 'slow_job2' -Because 'the v1 examples name these jobs by id'

    # The v2 job the v2 examples name (by name, or by the id the docs show), with two tasks (worker-0, worker-1).
    $v2 = Connect-MaLocalSession $svc -TrainingApi V2 -PassThru
    $v2job = New-MaTrainingJob -Name my_training_job -FrameworkType PyTorch -FrameworkVersion pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64 `
        -CodeDir /bucket/src/ -BootFile train.py -Inputs /bucket/data/train/ -OutputPath /bucket/output/v2/ -LogUrl /bucket/log/v2/ `
        -TrainInstanceType modelarts.vm.cpu.8u -TrainInstanceCount 2 -Session $v2 -Wait
    $v2job.Status | Should -Be 'Completed'
    Disconnect-MaSession -Session $v1
    Disconnect-MaSession -Session $v2

    $script:timings = [Collections.Generic.List[object]]::new()

    # What the docs write for this world, and what it is here.
    $script:literals = @{ 'http://127.0.0.1:8443' = $svc.Url; '66ff6991-fd66-40b6-8101-0829a46d3731' = $v2job.JobId }

    function Get-OutputShape([string] $Text) {
        # Table headers (the line over a row of dashes), Format-List keys ("Key  : value"), host-stream prefixes, and
        # the first word of the first other line (a log line, a message).
        $shape = @{ Headers = @(); Keys = @(); Prefixes = @(); FirstWord = $null }
        $lines = @($Text -split '\r?\n')
        for ($i = 0; $i -lt $lines.Count; $i++) {
            $line = $lines[$i].TrimEnd()
            if (-not $line.Trim()) { continue }
            if ($i + 1 -lt $lines.Count -and $lines[$i + 1] -match '^\s*-+( +-+)*\s*$') {
                $shape.Headers += ($line.Trim() -split '\s+') -join ' '
                for ($i += 2; $i -lt $lines.Count -and $lines[$i].Trim(); $i++) { }
            }
            elseif ($line -match '^(What if|WARNING|VERBOSE):') { $shape.Prefixes += $Matches[1] }
            elseif ($line -match '^([A-Za-z]\w*)\s+:( |$)') { $shape.Keys += $Matches[1] }
            elseif (-not $shape.FirstWord) { $shape.FirstWord = ($line.Trim() -split '\s+')[0] }
        }
        $shape
    }

    function Assert-OutputShape([string] $Expected, [string] $Actual, [string] $Id) {
        $shape = Get-OutputShape $Expected
        $actualLines = @($Actual -split '\r?\n' | ForEach-Object { ($_.Trim() -split '\s+') -join ' ' })
        foreach ($header in $shape.Headers) {
            $actualLines | Should -Contain $header -Because "$Id shows a table with the columns '$header'; it printed:`n$Actual"
        }
        foreach ($key in $shape.Keys) {
            $Actual | Should -Match "(?m)^\s*$([regex]::Escape($key))\s+:" -Because "$Id shows the property $key; it printed:`n$Actual"
        }
        foreach ($prefix in $shape.Prefixes | Select-Object -Unique) {
            $Actual | Should -Match "(?m)^$prefix`:" -Because "$Id shows a '$prefix`:' line; it printed:`n$Actual"
        }
        if ($shape.FirstWord) {
            $Actual | Should -Match "(?m)^\s*$([regex]::Escape($shape.FirstWord))" -Because "$Id shows output starting with '$($shape.FirstWord)'; it printed:`n$Actual"
        }
    }
}

AfterAll {
    Stop-MaLocalService $svc
    if ($timings.Count) {
        $slowest = $timings | Sort-Object Seconds -Descending | Select-Object -First 1
        Write-Figure 'help examples run, each in a fresh pwsh' ('{0} in {1:N0} s (slowest {2}: {3:N1} s)' -f $timings.Count, ($timings | Measure-Object Seconds -Sum).Sum, $slowest.Id, $slowest.Seconds)
    }
}

Describe 'Help examples (issue 16 item 4)' {
    It 'numbers the examples of <Name> in order' -ForEach $Numbering {
        for ($i = 0; $i -lt $Titles.Count; $i++) {
            $Titles[$i] | Should -Match "^Example $($i + 1): " -Because "example $($i + 1) of $Name is titled '$($Titles[$i])'"
        }
    }

    It 'runs every example but those listed, with the reason, in one place' -ForEach @($Listing) {
        $keys = @($Examples.Key)
        foreach ($ruleKey in $RuleKeys) { $keys | Should -Contain $ruleKey -Because 'a rule names an example that exists' }
        $excluded = @($Examples | Where-Object Exclude)
        @($Examples | Where-Object { -not $_.Code }).Id | Should -BeNullOrEmpty -Because 'every example has a powershell block'
        Write-Host ('Help examples: {0} run, {1} excluded, of {2}' -f ($Examples.Count - $excluded.Count), $excluded.Count, $Examples.Count)
        $excluded | ForEach-Object { Write-Host ('  excluded {0} ({1}): {2}' -f $_.Id, $_.Title, $_.Exclude) }
        $Examples | Where-Object { $_.Because -and -not $_.Exclude } | Group-Object Api, Because | ForEach-Object {
            Write-Host ('  {0} run on {1}: {2}' -f $_.Count, $_.Group[0].Api, $_.Group[0].Because)
        }
        $excluded.Count | Should -BeLessThan ($Examples.Count / 4) -Because 'most examples run against the local service'
    }

    It '<Id>: <Title>' -ForEach $Runnable {
        $folder = Join-Path $work ($Id -replace '/', '-')
        Copy-Item $template $folder -Recurse
        $script = $Code
        foreach ($pair in @($Replace.GetEnumerator()) + @($literals.GetEnumerator())) { $script = $script.Replace($pair.Key, $pair.Value) }
        $prelude = @(
            "`$ErrorActionPreference = 'Stop'"
            "`$ProgressPreference = 'SilentlyContinue'"
            "Set-Location '$folder'"
            "`$env:MODELARTS_PROFILE_PATH = '$(Join-Path $folder 'profiles.json')'"
            "`$PSDefaultParameterValues['Connect-MaSession:TrainingApi'] = '$Api'"
            "Import-Module '$env:MODELARTS_TEST_MODULE'"
            '$null = Connect-MaSession -ProfileName default'
            $Setup
        ) -join "`n"
        $clock = [Diagnostics.Stopwatch]::StartNew()
        # Formatted wide, as in a terminal the docs were written in: at a redirected pwsh's 80 columns a table drops
        # the columns that do not fit.
        $run = "$prelude`n. {`n$script`n} | Out-String -Stream -Width 250`n'HELP-EXAMPLE-DONE'"
        $printed = Invoke-PwshText -Command $run -TimeoutSeconds 300
        $script:timings.Add([pscustomobject]@{ Id = $Id; Seconds = $clock.Elapsed.TotalSeconds })
        if ($Ends -eq 'Done') {
            $printed | Should -Match 'HELP-EXAMPLE-DONE' -Because "$Id must run to its end without an error; it printed:`n$printed"
        }
        else {
            $printed | Should -Not -Match 'HELP-EXAMPLE-DONE' -Because "$Id ends the script itself ($Ends)"
        }
        if ($Output) { Assert-OutputShape $Output $printed $Id }
    }
}
