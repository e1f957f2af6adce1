# The shipped module layout: one version source, explicit exports, loads in a fresh pwsh.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot "Common/TestHelpers.psm1") -Force
    $manifestPath = $env:MODELARTS_TEST_MODULE
    $moduleDir = Split-Path $manifestPath
    $manifest = Import-PowerShellDataFile $manifestPath
}

Describe 'The built module' {
    It 'carries the manifest version in every assembly it ships' {
        foreach ($dll in 'ModelArts.dll', 'ModelArts.Core.dll') {
            $name = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleDir $dll))
            $name.Version.ToString(3) | Should -Be $manifest.ModuleVersion
        }
    }

    It 'exports exactly the cmdlets the assembly defines, and nothing else' {
        $cmdlets = Invoke-FreshPwsh {
            param($m)
            $module = Import-Module $m -PassThru
            $defined = $module.ImplementingAssembly.GetExportedTypes() |
                ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
                ForEach-Object { "$($_.VerbName)-$($_.NounName)" }
            [pscustomobject]@{ Exported = @($module.ExportedCmdlets.Keys | Sort-Object); Defined = @($defined | Sort-Object) }
        } -ArgumentList $manifestPath
        $exported = $cmdlets.Exported
        $defined = $cmdlets.Defined
        $defined.Count | Should -BeGreaterThan 0
        @($manifest.CmdletsToExport | Sort-Object) | Should -Be @($defined)
        @($exported) | Should -Be @($defined)
        $manifest.FunctionsToExport | Should -BeNullOrEmpty
        $manifest.AliasesToExport | Should -BeNullOrEmpty
        $manifest.VariablesToExport | Should -BeNullOrEmpty
    }

    It 'ships no PowerShell reference assembly' {
        Join-Path $moduleDir 'System.Management.Automation.dll' | Should -Not -Exist
    }
}
