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

    It 'runs every block as written on a fresh clone layout, and the tour trains both models' {
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
        Write-Host ($transcript -join "`n")

        Import-Module $env:MODELARTS_TEST_MODULE -Force
        Connect-MaLocalSession $svc
        try {
            $jobs = @(Get-MaTrainingJob -Name lr_*)
            ($jobs | Sort-Object Name).Name | Should -Be 'lr_dataset', 'lr_obs'
            $jobs.Status | Should -Be 'Completed', 'Completed'
            Join-Path $work '.ma-local/obs/my-bucket/output/lr_obs/model.json' | Should -Exist
        }
        finally { Disconnect-MaSession }
    }

    It 'running the tour again says the job name exists and how to go on' {
        Import-Module $env:MODELARTS_TEST_MODULE -Force
        Connect-MaLocalSession $svc
        try {
            $tour = ($blocks | Where-Object { -not $_.Skip -and $_.Language -eq 'powershell' } | Select-Object -First 1).Text
            $create = [regex]::Match($tour, '(?ms)^\$job = (New-MaTrainingJob .*?-TrainInstanceCount 1)$').Groups[1].Value
            $create | Should -Not -BeNullOrEmpty
            $failure = { $ErrorActionPreference = 'Stop'; & ([scriptblock]::Create($create)) } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -Match '^TrainingJobNameExists,'
            $failure.ErrorDetails.Message | Should -Match "choose another -Name, or remove the existing job first \(Get-MaTrainingJob -Name 'lr_obs' \| Remove-MaTrainingJob\)"
        }
        finally { Disconnect-MaSession }
    }
}
