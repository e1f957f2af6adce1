# Issue 16 item 4: the README's tour runs as written on a fresh clone, so the README cannot rot.
# Every ```sh and ```powershell block runs, in order, in a folder laid out like a clone (examples/, out/), against a
# fresh local service whose data root is that folder's ./.ma-local; a block preceded by <!-- readme-test: skip ... -->
# does not run. The only changes to the text: the tour's port becomes the test service's, and Read-Host answers
# with the service's secret key as the user would type it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    $script:repo = Join-Path $PSScriptRoot '../..'

    function Get-ReadmeBlock([string] $Path) {
        $lines = Get-Content $Path
        $blocks = [Collections.Generic.List[object]]::new()
        $skip = $false
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^<!-- readme-test: skip') { $skip = $true; continue }
            if ($lines[$i] -match '^```(\w+)\s*$') {
                $language = $Matches[1]
                $body = [Collections.Generic.List[string]]::new()
                for ($i++; $i -lt $lines.Count -and $lines[$i] -ne '```'; $i++) { $body.Add($lines[$i]) }
                $blocks.Add([pscustomobject]@{ Language = $language; Skip = $skip; Text = $body -join "`n" })
                $skip = $false
            }
            elseif ($lines[$i].Trim()) { $skip = $false }
        }
        $blocks
    }

    $script:work = Join-Path ([IO.Path]::GetTempPath()) ('ma-readme-' + [Guid]::NewGuid().ToString('n').Substring(0, 8))
    $null = New-Item -ItemType Directory (Join-Path $work 'out')
    Copy-Item (Join-Path $repo 'examples') $work -Recurse
    Copy-Item (Split-Path $env:MODELARTS_TEST_MODULE) (Join-Path $work 'out/ModelArts') -Recurse
    $script:svc = Start-MaLocalService -DataRoot (Join-Path $work '.ma-local')
    $script:blocks = @(Get-ReadmeBlock (Join-Path $repo 'README.md'))
}

AfterAll {
    Stop-MaLocalService $svc
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'README tour (issue 16 item 4)' {
    It 'has a tour to run and marks only what needs a cloud or starts the service as skipped' {
        @($blocks | Where-Object { -not $_.Skip -and $_.Language -eq 'powershell' }).Count | Should -BeGreaterOrEqual 1
        @($blocks | Where-Object { -not $_.Skip -and $_.Language -eq 'sh' }).Count | Should -BeGreaterOrEqual 1
        @($blocks | Where-Object { $_.Language -notin 'sh', 'powershell' }).Count | Should -Be 0
    }

    It 'runs every block as written on a fresh clone layout: the tour trains both models, brings them home and cleans up' {
        $transcript = foreach ($block in $blocks | Where-Object { -not $_.Skip }) {
            if ($block.Language -eq 'sh') {
                Push-Location $work
                try { $block.Text | & bash -e 2>&1; $LASTEXITCODE | Should -Be 0 -Because "the sh block`n$($block.Text)`nmust succeed" }
                finally { Pop-Location }
            }
            else {
                $script = $block.Text.Replace('http://127.0.0.1:8443', $svc.Url)
                $prelude = "`$ErrorActionPreference = 'Stop'`nSet-Location '$work'`nfunction Read-Host { ConvertTo-SecureString '$($svc.SecretKey)' -AsPlainText -Force }`n"
                $output = Invoke-PwshText -Command ($prelude + $script + "`n'README-BLOCK-DONE'") -TimeoutSeconds 600
                $output
                $output | Should -Match 'README-BLOCK-DONE' -Because "the block must run to its end; it printed:`n$output"
            }
        }
        $text = $transcript -join "`n"
        Write-Host $text

        # Both models came home from OBS.
        foreach ($name in 'lr_obs', 'lr_dataset') {
            $model = Get-Content (Join-Path $work "models/$name/model.json") -Raw | ConvertFrom-Json
            $model.accuracy | Should -BeGreaterThan 0.5 -Because "$name trained on the seed's data"
        }
        # The clean-up left no job and no output behind.
        Import-Module $env:MODELARTS_TEST_MODULE -Force
        Connect-MaLocalSession $svc -TrainingApi V2
        try {
            Wait-TestCondition { -not @(Get-MaTrainingJob -Name lr_*).Count } -Because 'the tour removes its jobs'
            Join-Path $work '.ma-local/obs/my-bucket/output' | Get-ChildItem -Recurse -File -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
        finally { Disconnect-MaSession }
        # The logs were read: followed while lr_obs ran, then the last lines of both.
        $text | Should -Match 'epoch  20/20'
        $text | Should -Match 'model written to'
    }

    It 'creating the first job of the tour twice says the job name exists and how to go on' {
        Import-Module $env:MODELARTS_TEST_MODULE -Force
        Connect-MaLocalSession $svc -TrainingApi V2
        try {
            $tour = ($blocks | Where-Object { -not $_.Skip -and $_.Language -eq 'powershell' } | Select-Object -First 1).Text
            $create = [regex]::Match($tour, '(?ms)^\$job = (New-MaTrainingJob .*?-TrainInstanceCount 1)$').Groups[1].Value
            $create | Should -Not -BeNullOrEmpty
            # Whatever the tour left (it removes its jobs when it runs to its end), the first create starts on a free name.
            Get-MaTrainingJob -Name lr_obs | Remove-MaTrainingJob -Force
            Wait-TestCondition { -not @(Get-MaTrainingJob -Name lr_obs).Count } -Because 'a removed job is gone'
            $first = & ([scriptblock]::Create($create))
            $first.Name | Should -Be 'lr_obs'
            $failure = { $ErrorActionPreference = 'Stop'; & ([scriptblock]::Create($create)) } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -Match '^TrainingJobNameExists,'
            $failure.ErrorDetails.Message | Should -Match "choose another -Name, or remove the existing job first \(Get-MaTrainingJob -Name 'lr_obs' \| Remove-MaTrainingJob\)"
        }
        finally {
            Get-MaTrainingJob -Name lr_obs | Remove-MaTrainingJob -Force
            Disconnect-MaSession
        }
    }
}
