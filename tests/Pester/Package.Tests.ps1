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
            param($modules, $service, $localService)
            $env:PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath
            Import-Module ModelArts -ErrorAction Stop
            Import-Module $localService
            Connect-MaLocalSession $service -Parameters @{ ErrorAction = 'Stop' }
            [pscustomobject]@{
                Path    = (Get-Module ModelArts).ModuleBase
                Flavors = @(Get-MaFlavor -ErrorAction Stop).Count
            }
        } -ArgumentList $modules, $service, (Join-Path $env:MODELARTS_REPO_ROOT 'build/LocalService.psm1')
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

        $started = Start-MaLocalService -ServicePath $tool -DataRoot (Join-Path $TestDrive 'data')
        try {
            (Invoke-RestMethod "$($started.Url)/_local/health").status | Should -Be 'ok'
        }
        finally {
            Stop-MaLocalService $started
        }
    }
}
