# Issue 16 item 8: objects that export well. ConvertTo-Json and Export-Csv write what PowerShell's reflection sees,
# so every public property must export well by itself: names for statuses and kinds, ISO 8601 UTC times, durations
# as seconds, readable lists. The help's example tables are the real default views.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $script:svc = Start-MaLocalService -ArgumentList '--max-running-jobs', '4'
    $script:v1 = Connect-MaLocalSession $svc -TrainingApi V1 -PassThru
    $script:v2 = Connect-MaLocalSession $svc -TrainingApi V2 -PassThru
    $trainScript = @'
echo "training"
for a in "$@"; do case "$a" in --exit_code=*) exit "${a#--exit_code=}" ;; esac; done
'@
    $script:v1Args = Write-TrainingScript $svc -Name 'export.sh' -Content $trainScript
    $script:v2Args = Write-TrainingScript $svc -Name 'export.sh' -Content $trainScript -TrainingApi V2
    function New-ExportJob([string] $Name, $Session, [string] $ExitCode = '0') {
        $arguments = if ($Session.TrainingApi -eq 'V2') { $v2Args } else { $v1Args }
        $null = New-MaTrainingJob -Session $Session -Name $Name @arguments -Hyperparameter ([ordered]@{ lr = '0.1'; exit_code = $ExitCode }) |
            Wait-MaTrainingJob -Session $Session -Timeout 300 -ErrorAction SilentlyContinue
        Get-MaTrainingJob -Session $Session -Name $Name | Get-MaTrainingJob -Session $Session
    }
    $script:isoUtc = '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$'
    $script:v1Job = New-ExportJob 'export_v1' $v1
    $script:v2Job = New-ExportJob 'export_v2' $v2
    $script:v2Failed = New-ExportJob 'export_v2_failed' $v2 -ExitCode '3'
    # ConvertTo-Json -Compress of one object, read back as plain data.
    function ConvertTo-Data($InputObject) { $InputObject | ConvertTo-Json -Depth 4 -Compress | ConvertFrom-Json -DateKind String }
}

AfterAll {
    Disconnect-MaSession -ErrorAction SilentlyContinue
    Stop-MaLocalService $svc
}

Describe 'ConvertTo-Json of jobs, list rows and sessions gives names and ISO 8601 UTC times' {
    It '<Api> job: Status by name, StatusCode typed, times in UTC, duration in seconds, EndedAt' -TestCases @(
        @{ Api = 'v1' }, @{ Api = 'v2' }
    ) {
        $job = if ($Api -eq 'v1') { $v1Job } else { $v2Job }
        $json = $job | ConvertTo-Json -Compress
        Write-Host "  ${Api} job as JSON (first 300 characters): $($json.Substring(0, [Math]::Min(300, $json.Length)))"
        $data = ConvertTo-Data $job
        $data.Status | Should -Be 'Completed'
        $data.StatusCode | Should -Be 10
        $data.Phase | Should -Be 'Completed'
        foreach ($time in 'CreateTime', 'StartTime', 'EndedAt') { $data.$time | Should -Match $isoUtc -Because "$time is a point in time" }
        [DateTimeOffset]$data.EndedAt | Should -BeGreaterOrEqual ([DateTimeOffset]$data.StartTime)
        $data.DurationSeconds | Should -BeOfType ([double])
        $data.DurationSeconds | Should -Be ([Math]::Round($job.Duration.TotalSeconds, 3))
        # Scripts keep the typed values.
        $job.StatusCode | Should -BeOfType ([ModelArts.Core.Models.JobStatus])
        $job.CreateTime | Should -BeOfType ([DateTimeOffset])
        $job.Duration | Should -BeOfType ([TimeSpan])
    }

    It 'a failed v2 job carries EndedAt, its ExitCode and FailureReason' {
        Write-Host "  failed v2 job as JSON: $($v2Failed | Select-Object Status, EndedAt, ExitCode, FailureReason | ConvertTo-Json -Compress)"
        $data = ConvertTo-Data $v2Failed
        $data.Status | Should -Be 'Failed'
        $data.EndedAt | Should -Match $isoUtc
        $data.ExitCode | Should -Be 3
        $data.FailureReason | Should -Be 'worker 0 exited with code 3.'
        $v2Failed.ExitCode | Should -BeOfType ([int])
    }

    It 'a completed v2 job has ExitCode 0 and no FailureReason; v1 reports neither' {
        $v2Data = ConvertTo-Data $v2Job
        $v2Data.ExitCode | Should -Be 0
        $v2Data.FailureReason | Should -BeNullOrEmpty
        $v1Data = ConvertTo-Data $v1Job
        $v1Data.PSObject.Properties.Name | Should -Contain 'ExitCode'
        $v1Data.ExitCode | Should -BeNullOrEmpty
    }

    It 'a list row: Status by name' {
        $data = ConvertTo-Data (Get-MaTrainingJob -Session $v1 -Name 'export_v1')
        $data.Status | Should -Be 'Completed'
        $data.CreateTime | Should -Match $isoUtc
        $data.DurationSeconds | Should -BeOfType ([double])
    }

    It 'a session: TrainingApi, AuthenticationType by name, ConnectedAt in UTC' {
        $data = ConvertTo-Data $v2
        Write-Host "  session as JSON: $($v2 | ConvertTo-Json -Compress)"
        $data.TrainingApi | Should -Be 'V2'
        $data.AuthenticationType | Should -Be 'AkSk'
        $data.ConnectedAt | Should -Match $isoUtc
        (ConvertTo-Data $v1).TrainingApi | Should -Be 'V1'
        ($v1 | ConvertTo-Json) | Should -Not -Match '"(TrainingApi|AuthenticationType|Cloud)":\s*\d'
    }

    It 'flavors, engines, log lines and OBS items hold no enum numbers and only ISO times' {
        $objects = @(
            Get-MaFlavor -Session $v1 | Select-Object -First 1
            Get-MaFlavor -Session $v2 | Select-Object -First 1
            Get-MaEngine -Session $v1 | Select-Object -First 1
            Get-MaEngine -Session $v2 | Select-Object -First 1
            Get-MaTrainingJobLog -Session $v1 -JobId $v1Job.JobId | Select-Object -First 1
            Get-MaObsItem -Session $v1 obs://bkt/code/ | Select-Object -First 1
        )
        $objects.Count | Should -Be 6
        foreach ($object in $objects) {
            foreach ($property in $object.PSObject.Properties) {
                $property.TypeNameOfValue | Should -Not -Match 'TimeSpan|DateTime$' -Because "$($object.GetType().Name).$($property.Name) exports as a readable value"
                if ($property.Value -is [enum]) { throw "$($object.GetType().Name).$($property.Name) is an enum: ConvertTo-Json writes its number." }
            }
        }
        (ConvertTo-Data (Get-MaObsItem -Session $v1 obs://bkt/code/ | Select-Object -First 1)).LastModified | Should -Match $isoUtc
    }
}

Describe 'Export-Csv of jobs writes names and readable lists' {
    It 'Status, Hyperparameters and Tasks are readable cells, not type names' {
        $rows = @($v1Job, $v2Job) | ConvertTo-Csv | ConvertFrom-Csv
        Write-Host "  v2 job as CSV: $(@($v2Job | ConvertTo-Csv)[1])"
        $rows.Status | Should -Be 'Completed', 'Completed'
        $rows[0].Hyperparameters | Should -Be 'lr=0.1; exit_code=0'
        $rows[1].Hyperparameters | Should -Be 'lr=0.1; exit_code=0'
        $rows[1].Tasks | Should -Be 'worker-0'
        $rows[0].Tasks | Should -Be ''
        $rows.DurationSeconds | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) | Should -BeGreaterOrEqual 0 }
        # Still lists for scripts.
        $v1Job.Hyperparameters[0].Label | Should -Be 'lr'
        $v1Job.Hyperparameters.Count | Should -Be 2
    }
}

Describe 'The default views, and the help''s tables that show them' {
    BeforeAll {
        function Get-Header($InputObject) { (($InputObject | Format-Table | Out-String -Width 400) -split '\r?\n' | Where-Object { $_.Trim() })[0].Trim() -split '\s+' }
        $script:views = @{
            TrainingJob = Get-Header $v1Job
            TrainingJobSummary = Get-Header (Get-MaTrainingJob -Session $v1 -Name 'export_v1')
            Flavor = Get-Header (Get-MaFlavor -Session $v1 | Select-Object -First 1)
            Engine = Get-Header (Get-MaEngine -Session $v1 | Select-Object -First 1)
        }
        # Every example output table in the help that shows a default view: its command picks no columns of its own,
        # and its first column is one of the views' first columns.
        $script:tables = foreach ($file in Get-ChildItem (Join-Path $env:MODELARTS_REPO_ROOT 'docs/en-US') -Filter '*.md') {
            $pattern = '(?ms)^```powershell\r?\n(?<command>.*?)^```\s*^```output\r?\n(?<header>[^\r\n]*)\r?\n-[- ]*\r?\n'
            foreach ($match in [regex]::Matches((Get-Content $file -Raw), $pattern)) {
                if ($match.Groups['command'].Value -match 'Format-|Select-Object') { continue }
                $header = $match.Groups['header'].Value.Trim() -split '\s+'
                if ($header[0] -in 'Status', 'Code', 'FrameworkType') { [pscustomobject]@{ File = $file.Name; Header = $header } }
            }
        }
    }

    It 'a job shows its VersionId, the same column name as a list row' {
        $views.TrainingJob | Should -Contain 'VersionId'
        $views.TrainingJob | Should -Not -Contain 'Version'
        $views.TrainingJobSummary | Should -Contain 'VersionId'
    }

    It 'every job, flavor and engine table in the help has the columns of a real default view' {
        Write-Host "  help tables checked: $(@($tables).Count)"
        @($tables).Count | Should -BeGreaterThan 5
        foreach ($table in $tables) {
            $known = $views.Values | Where-Object { ($_ -join ' ') -eq ($table.Header -join ' ') }
            $known | Should -Not -BeNullOrEmpty -Because "$($table.File) shows '$($table.Header -join ' ')', which no default view has (views: $(($views.Values | ForEach-Object { $_ -join ' ' }) -join ' | '))"
        }
    }
}
