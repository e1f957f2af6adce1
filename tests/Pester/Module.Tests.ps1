# The shipped module layout: one version source, explicit exports, loads in a fresh pwsh.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
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

Describe 'PowerShell conventions of every cmdlet' {
    BeforeAll {
        Import-Module $env:MODELARTS_TEST_MODULE -Force
        $commands = @(Get-Command -Module ModelArts -CommandType Cmdlet)
        $approved = @(Get-Verb).Verb
        $stateChanging = 'New', 'Set', 'Stop', 'Remove'
    }
    AfterAll { Remove-Module ModelArts -ErrorAction SilentlyContinue }

    It '<_.Name> uses an approved verb and declares its output type' -ForEach @(Import-Module $env:MODELARTS_TEST_MODULE -PassThru | ForEach-Object { $_.ExportedCmdlets.Values }) {
        $approved | Should -Contain $_.Verb
        $_.OutputType | Should -Not -BeNullOrEmpty
    }

    It 'asks ShouldProcess wherever it changes state' {
        foreach ($command in $commands | Where-Object Verb -In $stateChanging) {
            $command.Parameters.Keys | Should -Contain 'WhatIf' -Because $command.Name
        }
        (Get-Command Remove-MaTrainingJob).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
    }

    It 'gives every mandatory parameter a help message for the prompt' {
        $missing = foreach ($command in $commands) {
            foreach ($set in $command.ParameterSets) {
                foreach ($parameter in $set.Parameters | Where-Object IsMandatory) {
                    if (-not $parameter.HelpMessage) { "$($command.Name) -$($parameter.Name) ($($set.Name))" }
                }
            }
        }
        $missing | Should -BeNullOrEmpty
    }
}
