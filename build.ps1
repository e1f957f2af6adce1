#requires -Version 7.2
<#
.SYNOPSIS
    Builds, documents, tests, packages and demonstrates the ModelArts module and its local service.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build, Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test -PesterPath tests/Pester/Session.Tests.ps1 -SkipXunit
.NOTES
    Each task builds at most once per run: -Task Build, Test builds once. Test packs out/packages only when the
    packages are missing or were made from another build (a hash of their inputs is kept beside them), so the
    Package tests install exactly what -Task Package would ship. Test writes its results, and the figures the
    suites measure, to out/TestResults (figures.txt); the figures are summarised at the end.
#>
[CmdletBinding()]
param(
    # Clean, Build, Docs, Test, Package, Demo, Bench; also as one comma-separated string (pwsh -File passes no arrays).
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Limits the Pester run to these files or folders (all of tests/Pester by default).
    [string[]] $PesterPath = @(),

    # Test runs Pester only, no xunit project: for running one Pester file alone. The closing line counts Pester alone.
    [switch] $SkipXunit,

    # The demo's example (see examples/Start-Demo.ps1).
    [string] $Example = 'logistic-regression'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Tasks = 'Clean', 'Build', 'Docs', 'Test', 'Package', 'Demo', 'Bench'
$Task = @($Task -split ',' | ForEach-Object Trim | Where-Object { $_ })
foreach ($name in $Task) { if ($name -notin $Tasks) { throw "Unknown task '$name': use $($Tasks -join ', ')." } }

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'ModelArts'
$EmulatorOut = Join-Path $Out 'ModelArts.Emulator'
$PackageOut = Join-Path $Out 'packages'
$Version = (Import-PowerShellDataFile (Join-Path $Root 'ModelArts.psd1')).ModuleVersion
# Pester's version is pinned once, in build/Tools.proj, which brings it from NuGet.
$ToolsProject = Join-Path $Root 'build/Tools.proj'
$PesterVersion = @(([xml](Get-Content $ToolsProject -Raw)).Project.ItemGroup.PackageDownload | Where-Object Include -EQ 'Pester')[0].Version.Trim('[', ']')
$script:Built = $false

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
    $script:Built = $false
}

# Every task that needs the build calls this; the solution is built once per run of this script.
function Invoke-Build {
    if ($script:Built) { return }
    # -v q prints nothing for minutes on a first build: say what is going on (the Demo and Bench tasks build first).
    Write-Host "  building ModelArts.sln ($Configuration): the module, the local service and the tests; a first build takes a few minutes"
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
    $script:Built = $true
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

# What the packages are made of (the built module and local service, file by file), as one hash. The service's
# publish folder is left out: packing the tool writes it from the other files, so it always lags one pack behind.
function Get-PackageInputHash {
    $sha = [Security.Cryptography.SHA256]::Create()
    $published = (Join-Path $EmulatorOut 'publish') + [IO.Path]::DirectorySeparatorChar
    $lines = foreach ($folder in $ModuleOut, $EmulatorOut) {
        foreach ($file in Get-ChildItem $folder -Recurse -File | Where-Object { -not $_.FullName.StartsWith($published) } | Sort-Object FullName) {
            $content = [IO.File]::ReadAllBytes($file.FullName)
            '{0} {1}' -f [IO.Path]::GetRelativePath($Out, $file.FullName), [Convert]::ToHexString($sha.ComputeHash($content))
        }
    }
    [Convert]::ToHexString($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes(($lines -join "`n"))))
}

$PackageNames = "ModelArts.$Version.nupkg", "ModelArts.Emulator.$Version.nupkg"
$PackageStamp = Join-Path $PackageOut 'inputs.sha256'

# The module as a nupkg that PSResourceGet installs, and the local service as a dotnet tool package.
function Invoke-Package {
    Invoke-Build
    if (Test-Path $PackageOut) { Remove-Item $PackageOut -Recurse -Force }
    $null = New-Item -ItemType Directory $PackageOut
    Compress-PSResource -Path $ModuleOut -DestinationPath $PackageOut
    Invoke-Native dotnet @('pack', (Join-Path $Root 'src/ModelArts.Emulator'), '-c', $Configuration, "-p:Version=$Version", '-o', $PackageOut, '--no-build', '-nologo', '-v', 'q')
    foreach ($package in $PackageNames) {
        if (-not (Test-Path (Join-Path $PackageOut $package))) { throw "Packaging produced no $package." }
        Write-Host "  out/packages/$package"
    }
    Set-Content $PackageStamp (Get-PackageInputHash)
}

# The Package tests install out/packages: packed again only when missing or made from another build than this one.
function Update-Package {
    $current = (Test-Path $PackageStamp) -and -not ($PackageNames | Where-Object { -not (Test-Path (Join-Path $PackageOut $_)) }) -and
        (Get-Content $PackageStamp -Raw).Trim() -eq (Get-PackageInputHash)
    if ($current) { Write-Host '  out/packages is up to date with this build: not packed again' }
    else { Invoke-Package }
}

function Invoke-Demo {
    Invoke-Build
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'examples/Start-Demo.ps1') -ModulePath (Join-Path $ModuleOut 'ModelArts.psd1') -ServicePath (Join-Path $EmulatorOut 'ModelArts.Emulator.dll') -Example $Example
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

function Invoke-Bench {
    Invoke-Build
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') -ModulePath (Join-Path $ModuleOut 'ModelArts.psd1') -ServicePath (Join-Path $EmulatorOut 'ModelArts.Emulator.dll') `
        -BenchAssemblyPath (Join-Path $Root "bench/bin/$Configuration/net10.0/ModelArts.Bench.dll")
    if ($LASTEXITCODE -ne 0) { throw "The benchmarks failed (exit code $LASTEXITCODE)." }
}

# The first lines of a failure's message, on one line, for the run's closing list.
function Get-FirstLines([string] $Text, [int] $Count = 3) {
    (@($Text.Trim() -split '\r?\n' | Select-Object -First $Count) -join ' | ').Trim()
}

# Counts of one xunit project's TRX; a skipped test is a result with outcome NotExecuted (its counter stays 0).
function Get-TrxCounts([string] $Path) {
    [xml] $trx = Get-Content $Path -Raw
    $counters = $trx.TestRun.ResultSummary.Counters
    $skipped = @($trx.TestRun.Results.UnitTestResult | Where-Object { $_ -and $_.outcome -eq 'NotExecuted' } | ForEach-Object {
            $reason = $_.SelectSingleNode('*[local-name()="Output"]/*[local-name()="ErrorInfo"]/*[local-name()="Message"]')
            '{0}: {1}' -f $_.testName, $(if ($reason) { $reason.InnerText.Trim() } else { 'no reason given' })
        })
    # The failed tests are named again at the end of the run, so a log that keeps only its tail still says which.
    $failedTests = @($trx.TestRun.Results.UnitTestResult | Where-Object { $_ -and $_.outcome -in 'Failed', 'Error', 'Timeout' } | ForEach-Object {
            $message = $_.SelectSingleNode('*[local-name()="Output"]/*[local-name()="ErrorInfo"]/*[local-name()="Message"]')
            '{0}: {1}' -f $_.testName, $(if ($message) { Get-FirstLines $message.InnerText } else { $_.outcome })
        })
    [pscustomobject]@{
        Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout
        Skipped = $skipped.Count; SkippedTests = $skipped; FailedTests = $failedTests
    }
}

function Invoke-Xunit([string] $Results) {
    $total = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; SkippedTests = @(); FailedTests = @() }
    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Filter '*.Tests.csproj' -Recurse) {
        $trx = Join-Path $Results "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --no-build --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
        if (Test-Path $trx) {
            $counts = Get-TrxCounts $trx
            $total.Passed += $counts.Passed; $total.Failed += $counts.Failed; $total.Skipped += $counts.Skipped
            $total.SkippedTests += @($counts.SkippedTests | ForEach-Object { "$($project.BaseName) $_" })
            $total.FailedTests += @($counts.FailedTests | ForEach-Object { "$($project.BaseName) $_" })
        }
        else {
            Write-Warning "$($project.BaseName) produced no results: counted as one failure."
            $total.Failed++
            $total.FailedTests += "$($project.BaseName): produced no results"
        }
    }
    $total
}

function Invoke-PesterTests([string] $Results) {
    Invoke-Native dotnet @('restore', $ToolsProject, '-v', 'q', '-nologo')
    $pester = Join-Path (Get-NuGetPackageRoot) "pester/$PesterVersion/tools/Pester.psd1"
    $paths = if ($PesterPath) { $PesterPath | ForEach-Object { (Resolve-Path $_).Path } } else { @(Join-Path $Root 'tests/Pester') }
    $summary = Join-Path $Results 'pester.json'
    # Pester runs in a fresh pwsh so the tests see the built module exactly as a user would.
    $script = @'
param($Pester, $Paths, $Summary)
Import-Module $Pester
$config = New-PesterConfiguration
$config.Run.Path = $Paths
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
# No NUnit XML: nothing reads it, and its writer throws on a lone surrogate that a bad-input test name carries.
$config.TestResult.Enabled = $false
$result = Invoke-Pester -Configuration $config
if ($null -eq $result) { @{ Passed = 0; Failed = 1; Skipped = 0; SkippedTests = @(); FailedTests = @('Pester returned no result') } | ConvertTo-Json | Set-Content $Summary; return }
$failed = @($result.Failed; $result.FailedBlocks; $result.FailedContainers) | Where-Object { $_ } | ForEach-Object {
    $name = if ($_.ExpandedPath) { $_.ExpandedPath } elseif ($_.Item) { "$($_.Item)" } else { "$($_.Name)" }
    $message = "$(@($_.ErrorRecord)[0])"
    '{0}: {1}' -f $name, $(if ($message) { $message } else { 'not run: its block failed' })
}
@{
    Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount; SkippedTests = @($result.Skipped | ForEach-Object { '{0}: {1}' -f $_.ExpandedPath, ("$($_.ErrorRecord)" -replace '^is skipped, because ', '') })
    FailedTests = @($failed)
} | ConvertTo-Json -Depth 3 | Set-Content $Summary
'@
    $env:MODELARTS_REPO_ROOT = $Root
    $env:MODELARTS_TEST_MODULE = Join-Path $ModuleOut 'ModelArts.psd1'
    $env:MODELARTS_TEST_EMULATOR = Join-Path $EmulatorOut 'ModelArts.Emulator.dll'
    $env:MODELARTS_TEST_PACKAGES = $PackageOut
    & $Pwsh -NoProfile -NonInteractive -Command "& { $script } -Pester '$pester' -Paths @('$($paths -join "','")') -Summary '$summary'" | Out-Host
    if (-not (Test-Path $summary)) {
        Write-Warning 'Pester produced no summary: counted as one failure.'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; SkippedTests = @(); FailedTests = @('Pester produced no summary') }
    }
    $counts = Get-Content $summary -Raw | ConvertFrom-Json
    $counts.FailedTests = @($counts.FailedTests | ForEach-Object { Get-FirstLines $_ })
    $counts
}

function Format-Counts($Counts) { '{0} passed, {1} failed, {2} skipped' -f $Counts.Passed, $Counts.Failed, $Counts.Skipped }

function Invoke-Test {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Invoke-Build
    Update-Package
    $results = Join-Path $Out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory $results
    # The suites write what they measure here (Write-Figure), not into the middle of the test output.
    $figures = Join-Path $results 'figures.txt'
    $null = New-Item -ItemType File $figures
    $env:MODELARTS_TEST_FIGURES = $figures

    $xunit = if ($SkipXunit) { $null } else { Invoke-Xunit $results }
    $pester = Invoke-PesterTests $results
    $suites = @($xunit, $pester) | Where-Object { $_ }

    $figureLines = @(Get-Content $figures)
    Write-Host "`nFigures ($($figureLines.Count), also in out/TestResults/figures.txt):"
    $figureLines | ForEach-Object { Write-Host "  $_" }
    $skippedTests = @($suites | ForEach-Object { $_.SkippedTests })
    if ($skippedTests) {
        Write-Host "`nSkipped ($($skippedTests.Count)):" -ForegroundColor Yellow
        $skippedTests | ForEach-Object { Write-Host "  $_" -ForegroundColor Yellow }
    }
    $failedTests = @($suites | ForEach-Object { $_.FailedTests } | Where-Object { $_ })
    if ($failedTests) {
        Write-Host "`nFailed ($($failedTests.Count)):" -ForegroundColor Red
        $failedTests | ForEach-Object { Write-Host "  $_" -ForegroundColor Red }
    }
    Write-Host ("`n{0}Pester: {1}; {2:N1} min" -f $(if ($xunit) { "xunit: $(Format-Counts $xunit); " } else { 'xunit: not run (-SkipXunit); ' }), (Format-Counts $pester), $clock.Elapsed.TotalMinutes)
    $failed = ($suites | Measure-Object Failed -Sum).Sum
    if ($xunit -and $xunit.Passed + $xunit.Failed -eq 0) { Write-Warning 'xunit ran no test.'; $failed++ }
    if ($pester.Passed + $pester.Failed -eq 0) { Write-Warning 'Pester ran no test.'; $failed++ }
    Write-Host ('{0} passed, {1} failed, {2} skipped' -f ($suites | Measure-Object Passed -Sum).Sum, $failed, ($suites | Measure-Object Skipped -Sum).Sum)
    if ($failed -gt 0) { exit 1 }
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    & "Invoke-$name"
}
