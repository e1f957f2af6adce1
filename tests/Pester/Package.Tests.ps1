# The packages a user installs: the module through PSResourceGet, the local service as a dotnet tool.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    $packages = $env:MODELARTS_TEST_PACKAGES
    $version = (Import-PowerShellDataFile $env:MODELARTS_TEST_MODULE).ModuleVersion
}

Describe 'The module package' {
    BeforeAll {
        $repository = 'ma-test-' + [Guid]::NewGuid().ToString('n').Substring(0, 8)
        Register-PSResourceRepository -Name $repository -Uri $packages -Trusted
        $service = Start-MaLocalService
    }
    AfterAll {
        Unregister-PSResourceRepository -Name $repository
        Stop-MaLocalService $service
    }

    It 'installs from a local repository into a path, imports by name and talks to the local service' {
        $modules = Join-Path $TestDrive 'modules'
        $null = New-Item -ItemType Directory $modules
        Save-PSResource -Name ModelArts -Repository $repository -Path $modules -TrustRepository
        Join-Path $modules "ModelArts/$version/ModelArts.psd1" | Should -Exist

        $result = Invoke-FreshPwsh {
            param($modules, $service)
            $env:PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath
            Import-Module ModelArts -ErrorAction Stop
            $secret = ConvertTo-SecureString $service.SecretKey -AsPlainText -Force
            Connect-MaSession -Endpoint $service.Url -AccessKey $service.AccessKey -SecretKey $secret -ProjectId $service.ProjectId -ErrorAction Stop
            [pscustomobject]@{
                Path    = (Get-Module ModelArts).ModuleBase
                Flavors = @(Get-MaFlavor -ErrorAction Stop).Count
            }
        } -ArgumentList $modules, $service
        $result.Path | Should -BeLike "$modules*"
        $result.Flavors | Should -BeGreaterThan 0
    }
}

Describe 'The local service tool package' {
    It 'installs into a tool path and starts' {
        $toolPath = Join-Path $TestDrive 'tools'
        # A private package folder, so a package of the same version from an earlier build is never reused.
        $env:NUGET_PACKAGES = Join-Path $TestDrive 'nuget'
        try { & dotnet tool install ModelArts.Emulator --tool-path $toolPath --add-source $packages --version $version | Out-Host }
        finally { Remove-Item Env:NUGET_PACKAGES }
        $LASTEXITCODE | Should -Be 0
        $tool = Join-Path $toolPath ($IsWindows ? 'modelarts-local.exe' : 'modelarts-local')
        $tool | Should -Exist

        $dataRoot = Join-Path $TestDrive 'data'
        $null = New-Item -ItemType Directory $dataRoot
        $stdout = Join-Path $TestDrive 'tool.out'
        $process = Start-Process $tool -ArgumentList '--urls', 'http://127.0.0.1:0', '--data-root', $dataRoot -RedirectStandardOutput $stdout -PassThru
        try {
            $url = $null
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not $url -and [DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
                Start-Sleep -Milliseconds 200
                $line = Get-Content $stdout -ErrorAction SilentlyContinue | Where-Object { $_ -match '^ModelArts local service listening on (http://\S+)$' }
                if ($line) { $url = $Matches[1] }
            }
            $url | Should -Not -BeNullOrEmpty
            (Invoke-RestMethod "$url/_local/health").status | Should -Be 'ok'
        }
        finally {
            Stop-Process -Id $process.Id -ErrorAction SilentlyContinue
            $null = $process.WaitForExit(15000)
        }
    }
}
