#requires -Version 7.2
<#
.SYNOPSIS
    Builds, documents, tests, packages and demonstrates the ModelArts module and its local service.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build, Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Clean', 'Build', 'Docs', 'Test', 'Package', 'Demo', 'Bench')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Limits the Pester run to these files or folders (all of tests/Pester by default).
    [string[]] $PesterPath = @(),

    # The demo's example (see examples/Start-Demo.ps1).
    [string] $Example = 'logistic-regression'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'ModelArts'
$EmulatorOut = Join-Path $Out 'ModelArts.Emulator'
$PackageOut = Join-Path $Out 'packages'
$Version = (Import-PowerShellDataFile (Join-Path $Root 'ModelArts.psd1')).ModuleVersion

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

# The pwsh of this very installation (the local dotnet tool ships its apphost beside pwsh.dll).
$Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

function Get-NuGetPackageRoot {
    $line = & dotnet nuget locals global-packages --list
    ($line -replace '^global-packages:\s*', '').Trim()
}

function Invoke-Clean {
    if (Test-Path $Out) { Remove-Item $Out -Recurse -Force }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $Root 'ModelArts.sln'), '-c', $Configuration, "-p:Version=$Version", '-nologo', '-v', 'q', '-clp:NoSummary')

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory $ModuleOut
    $moduleBin = Join-Path $Root "src/ModelArts/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $moduleBin '*.dll') $ModuleOut
    Copy-Item (Join-Path $Root 'ModelArts.psd1') $ModuleOut
    Copy-Item (Join-Path $Root 'src/ModelArts/ModelArts.Format.ps1xml') $ModuleOut

    if (Test-Path $EmulatorOut) { Remove-Item $EmulatorOut -Recurse -Force }
    Copy-Item (Join-Path $Root "src/ModelArts.Emulator/bin/$Configuration/net10.0") $EmulatorOut -Recurse

    Invoke-Docs
}

function Invoke-Docs {
    $compiler = Join-Path $Root 'build/HelpCompiler.psm1'
    $docs = Join-Path $Root 'docs/en-US'
    if (-not (Test-Path $compiler) -or -not (Get-ChildItem $docs -Filter '*-*.md' -ErrorAction SilentlyContinue)) { return }
    Import-Module $compiler -Force
    $helpOut = Join-Path $ModuleOut 'en-US'
    $null = New-Item -ItemType Directory $helpOut -Force
    $null = ConvertTo-MamlHelp -Path $docs -OutputPath (Join-Path $helpOut 'ModelArts.dll-Help.xml')
    $null = ConvertTo-AboutHelp -Path $docs -OutputPath $helpOut
}

# The module as a nupkg that PSResourceGet installs, and the local service as a dotnet tool package.
function Invoke-Package {
    if (-not (Test-Path (Join-Path $ModuleOut 'ModelArts.dll'))) { Invoke-Build }
    if (Test-Path $PackageOut) { Remove-Item $PackageOut -Recurse -Force }
    $null = New-Item -ItemType Directory $PackageOut
    Compress-PSResource -Path $ModuleOut -DestinationPath $PackageOut
    Invoke-Native dotnet @('pack', (Join-Path $Root 'src/ModelArts.Emulator'), '-c', $Configuration, "-p:Version=$Version", '-o', $PackageOut, '--no-build', '-nologo', '-v', 'q')
    foreach ($package in "ModelArts.$Version.nupkg", "ModelArts.Emulator.$Version.nupkg") {
        if (-not (Test-Path (Join-Path $PackageOut $package))) { throw "Packaging produced no $package." }
        Write-Host "  out/packages/$package"
    }
}

function Invoke-Demo {
    Invoke-Build
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'examples/Start-Demo.ps1') -ModulePath (Join-Path $ModuleOut 'ModelArts.psd1') -ServicePath (Join-Path $EmulatorOut 'ModelArts.Emulator.dll') -Example $Example
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

function Invoke-Bench {
    Invoke-Build
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') -ModulePath (Join-Path $ModuleOut 'ModelArts.psd1') -ServicePath (Join-Path $EmulatorOut 'ModelArts.Emulator.dll')
    if ($LASTEXITCODE -ne 0) { throw "The benchmarks failed (exit code $LASTEXITCODE)." }
}

function Get-TrxCounts([string] $Path) {
    [xml] $trx = Get-Content $Path -Raw
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Total = [int]$counters.total }
}

function Invoke-Xunit([string] $Results) {
    $passed = 0; $failed = 0
    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Filter '*.Tests.csproj' -Recurse) {
        $trx = Join-Path $Results "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --no-build --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
        if (Test-Path $trx) {
            $counts = Get-TrxCounts $trx
            $passed += $counts.Passed; $failed += $counts.Failed
        }
        else {
            Write-Warning "$($project.BaseName) produced no results: counted as one failure."
            $failed++
        }
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-PesterTests([string] $Results) {
    Invoke-Native dotnet @('restore', (Join-Path $Root 'build/Tools.proj'), '-v', 'q', '-nologo')
    $pester = Join-Path (Get-NuGetPackageRoot) 'pester/5.7.1/tools/Pester.psd1'
    $paths = if ($PesterPath) { $PesterPath | ForEach-Object { (Resolve-Path $_).Path } } else { @(Join-Path $Root 'tests/Pester') }
    $summary = Join-Path $Results 'pester.json'
    # Pester runs in a fresh pwsh so the tests see the built module exactly as a user would.
    $script = @'
param($Pester, $Paths, $Summary, $Xml)
Import-Module $Pester -MinimumVersion 5.7.1
$config = New-PesterConfiguration
$config.Run.Path = $Paths
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = $Xml
$result = Invoke-Pester -Configuration $config
@{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount } |
    ConvertTo-Json | Set-Content $Summary
'@
    $env:MODELARTS_REPO_ROOT = $Root
    $env:MODELARTS_TEST_MODULE = Join-Path $ModuleOut 'ModelArts.psd1'
    $env:MODELARTS_TEST_EMULATOR = Join-Path $EmulatorOut 'ModelArts.Emulator.dll'
    $env:MODELARTS_TEST_PACKAGES = $PackageOut
    & $Pwsh -NoProfile -NonInteractive -Command "& { $script } -Pester '$pester' -Paths @('$($paths -join "','")') -Summary '$summary' -Xml '$(Join-Path $Results 'pester.xml')'" | Out-Host
    if (-not (Test-Path $summary)) {
        Write-Warning 'Pester produced no summary: counted as one failure.'
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    Get-Content $summary -Raw | ConvertFrom-Json
}

function Invoke-Test {
    Invoke-Build
    Invoke-Package
    $results = Join-Path $Out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory $results

    $xunit = Invoke-Xunit $results
    $pester = Invoke-PesterTests $results

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    if ($xunit.Passed + $xunit.Failed -eq 0) { Write-Warning 'xunit ran no test.'; $failed++ }
    if ($pester.Passed + $pester.Failed -eq 0) { Write-Warning 'Pester ran no test.'; $failed++ }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    & "Invoke-$name"
}
