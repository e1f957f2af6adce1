# The help a user reads: Get-Help on the built module, and docs/en-US kept in step with the cmdlets.
BeforeDiscovery {
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    $cmdletCases = @((Get-Module ModelArts).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
    $aboutCases = @('about_ModelArts', 'about_ModelArts_Authentication', 'about_ModelArts_LocalService', 'about_ModelArts_Logs' |
            ForEach-Object { @{ Topic = $_ } })
}

BeforeAll {
    Import-Module $env:MODELARTS_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    Import-Module (Join-Path $env:MODELARTS_REPO_ROOT 'build/HelpCompiler.psm1') -Force
    $script:DocsPath = Join-Path $env:MODELARTS_REPO_ROOT 'docs/en-US'
    $script:CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters

    # One line per parameter and set, in the same words for the cmdlet and its doc, so a failure
    # shows exactly which attribute drifted.
    function Get-CommandParameterRecord([System.Management.Automation.CommandInfo] $Command) {
        foreach ($p in $Command.Parameters.Values) {
            if ($script:CommonParameters -contains $p.Name) { continue }
            foreach ($setName in $p.ParameterSets.Keys) {
                $m = $p.ParameterSets[$setName]
                '-{0} [{1}] Required={2} Position={3} ByValue={4} ByPropertyName={5}' -f $p.Name, $setName, $m.IsMandatory,
                    $(if ($m.Position -eq [int]::MinValue) { 'Named' } else { $m.Position }), $m.ValueFromPipeline, $m.ValueFromPipelineByPropertyName
            }
        }
    }

    function Get-DocParameterRecord($Model) {
        foreach ($p in $Model.Parameters) {
            foreach ($record in $p.ParameterSets) {
                '-{0} [{1}] Required={2} Position={3} ByValue={4} ByPropertyName={5}' -f $p.Name, $record.Name, $record.Required,
                    $record.Position, $record.ByValue, $record.ByPropertyName
            }
        }
    }

    # The lines only one side has, labelled, so a drift failure names just what differs.
    function Get-Drift([string[]] $Doc, [string[]] $Cmdlet) {
        # A shared line keeps Compare-Object working for a cmdlet without parameters.
        $sides = @($Doc, $Cmdlet) | ForEach-Object { , (@('(shared)') + @($_ | Where-Object { $_ })) }
        foreach ($d in Compare-Object $sides[0] $sides[1]) {
            '{0}: {1}' -f $(if ($d.SideIndicator -eq '<=') { 'only in the doc' } else { 'only in the cmdlet' }), $d.InputObject
        }
    }

    function Get-CommandAliasRecord([System.Management.Automation.CommandInfo] $Command) {
        foreach ($p in $Command.Parameters.Values) {
            if ($script:CommonParameters -notcontains $p.Name) { '-{0}: {1}' -f $p.Name, (@($p.Aliases | Sort-Object) -join ', ') }
        }
    }

    function Get-DocAliasRecord($Model) {
        foreach ($p in $Model.Parameters) { '-{0}: {1}' -f $p.Name, (@($p.Aliases | Sort-Object) -join ', ') }
    }
}

Describe 'Get-Help <Name> -Full' -ForEach $cmdletCases {
    BeforeAll {
        $help = Get-Help $Name -Full
        $text = $help | Out-String -Width 250
        $parameters = @((Get-Command $Name).Parameters.Values | Where-Object { $script:CommonParameters -notcontains $_.Name })
    }

    It 'shows a written synopsis, not the generated syntax' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($Name) + '\s')
        $text | Should -Match 'SYNOPSIS'
    }

    It 'shows a description' {
        ($help.description.Text -join "`n").Trim() | Should -Not -BeNullOrEmpty
        $text | Should -Match 'DESCRIPTION'
    }

    It 'describes every parameter' {
        foreach ($p in $parameters) {
            $entry = @($help.parameters.parameter | Where-Object name -EQ $p.Name)
            $entry.Count | Should -Be 1 -Because "-$($p.Name) must appear in the help of $Name"
            ($entry[0].description.Text -join "`n").Trim() | Should -Not -BeNullOrEmpty -Because "-$($p.Name) needs a description"
        }
    }

    It 'shows a syntax block for every parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be @((Get-Command $Name).ParameterSets).Count
    }

    It 'has at least two examples, each with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($e in $examples) { $e.code | Should -Not -BeNullOrEmpty -Because "$($e.title) needs code" }
        $text | Should -Match 'Example 1:'
        $text | Should -Match 'Example 2:'
    }
}

Describe 'The doc of <Name> and the cmdlet agree' -ForEach $cmdletCases {
    BeforeAll {
        $command = Get-Command $Name
        $docFile = Join-Path $script:DocsPath "$Name.md"
        $model = if (Test-Path $docFile) { Get-MarkdownHelpModel -Path $docFile }
    }

    It 'has a doc in docs/en-US compiled into ModelArts.dll-Help.xml' {
        $docFile | Should -Exist
        $model.Metadata['external help file'] | Should -Be 'ModelArts.dll-Help.xml'
    }

    It 'documents the same parameters' {
        $fromCommand = @($command.Parameters.Keys | Where-Object { $script:CommonParameters -notcontains $_ } | Sort-Object)
        @($model.Parameters.Name | Sort-Object) | Should -Be $fromCommand
    }

    It 'documents the same parameter sets, with the same default' {
        @($model.Syntax.Name | Sort-Object) | Should -Be @($command.ParameterSets.Name | Sort-Object)
        if (@($command.ParameterSets).Count -gt 1) {
            @($model.Syntax | Where-Object IsDefault).Name | Should -Be $command.DefaultParameterSet
        }
    }

    It 'states the same sets, Mandatory, Position and pipeline input for every parameter' {
        Get-Drift (Get-DocParameterRecord $model) (Get-CommandParameterRecord $command) | Should -BeNullOrEmpty
    }

    It 'lists the same aliases for every parameter' {
        Get-Drift (Get-DocAliasRecord $model) (Get-CommandAliasRecord $command) | Should -BeNullOrEmpty
    }

    It 'marks the parameters that accept wildcards' {
        $fromCommand = @($command.Parameters.Values |
                Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] } } |
                ForEach-Object Name | Sort-Object)
        @($model.Parameters | Where-Object AcceptWildcard | ForEach-Object Name | Sort-Object) | Should -Be $fromCommand
    }

    It 'has examples whose PowerShell parses' {
        $markdown = Get-Content $docFile -Raw
        $blocks = [regex]::Matches($markdown, '(?ms)^```powershell\r?\n(.*?)^```')
        $blocks.Count | Should -BeGreaterOrEqual 2
        foreach ($block in $blocks) {
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($block.Groups[1].Value, [ref] $null, [ref] $errors)
            @($errors).Count | Should -Be 0 -Because "this example must parse:`n$($block.Groups[1].Value)"
        }
    }
}

Describe 'docs/en-US as a whole' {
    It 'has a command doc for every exported cmdlet and a cmdlet for every command doc' {
        $docs = @(Get-ChildItem $script:DocsPath -Filter '*-*.md' | Where-Object Name -Match '^[A-Za-z]+-[A-Za-z0-9]+\.md$' | ForEach-Object BaseName | Sort-Object)
        $docs | Should -Be @((Get-Module ModelArts).ExportedCmdlets.Keys | Sort-Object)
    }

    It 'lists every cmdlet on the module page' {
        $page = Get-Content (Join-Path $script:DocsPath 'ModelArts.md') -Raw
        foreach ($name in (Get-Module ModelArts).ExportedCmdlets.Keys) {
            $page | Should -Match ([regex]::Escape("### [$name]($name.md)"))
        }
    }

    It 'ships the compiled help next to the module' {
        $helpDir = Join-Path (Split-Path $env:MODELARTS_TEST_MODULE) 'en-US'
        Join-Path $helpDir 'ModelArts.dll-Help.xml' | Should -Exist
        foreach ($topic in Get-ChildItem $script:DocsPath -Filter 'about_*.md') {
            Join-Path $helpDir "$($topic.BaseName).help.txt" | Should -Exist
        }
    }
}

Describe 'Get-Help <Topic> in a fresh pwsh' -ForEach $aboutCases {
    It 'finds the topic through PSModulePath and shows its text' {
        $result = Invoke-FreshPwsh {
            param($moduleParent, $topic)
            $env:PSModulePath = $moduleParent + [IO.Path]::PathSeparator + $env:PSModulePath
            $help = Get-Help $topic -ErrorAction Stop
            [pscustomobject]@{ Count = @($help).Count; Text = ($help | Out-String -Width 200) }
        } -ArgumentList (Split-Path (Split-Path $env:MODELARTS_TEST_MODULE)), $Topic
        $result.Count | Should -Be 1
        $result.Text | Should -Match ([regex]::Escape($Topic))
        $result.Text | Should -Match 'SHORT DESCRIPTION'
        $result.Text | Should -Match 'LONG DESCRIPTION'
    }
}
