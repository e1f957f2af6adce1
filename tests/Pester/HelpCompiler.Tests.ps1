# Tests for build/HelpCompiler.psm1: markdown help (platyPS schema 2.0.0) -> MAML and about text,
# checked end to end by compiling a tiny binary module (Fixtures/Help/HcFixture.cs) and reading
# its help back with Get-Help in a fresh pwsh. Needs nothing but PowerShell 7 and Pester 5.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../build/HelpCompiler.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Common/TestHelpers.psm1') -Force
    $Fixtures = Join-Path $PSScriptRoot 'Fixtures/Help'
    $Docs = Join-Path $Fixtures 'en-US'
    $Malformed = Join-Path $Fixtures 'Malformed'

    # A copy of a fixture document with one text replacement, to show how a mistake is reported.
    function New-BrokenCopy([string] $Name, [string] $Find, [string] $Replace) {
        $source = (Get-Content -LiteralPath (Join-Path $Docs "$Name.md") -Raw).Replace("`r`n", "`n")
        if (-not $source.Contains($Find)) { throw "fixture text not found: $Find" }
        $dir = Join-Path $TestDrive ([guid]::NewGuid())
        $null = New-Item -ItemType Directory -Path $dir
        $path = Join-Path $dir "$Name.md"
        Set-Content -LiteralPath $path -Value $source.Replace($Find, $Replace) -NoNewline
        $path
    }
}

Describe 'Get-MarkdownHelpModel' {
    BeforeAll {
        $Get = Get-MarkdownHelpModel (Join-Path $Docs 'Get-HcFixture.md')
        $Set = Get-MarkdownHelpModel (Join-Path $Docs 'Set-HcFixture.md')
        function Get-Param($Model, $Name) { $Model.Parameters | Where-Object Name -EQ $Name }
        function Get-SetRecord($Model, $Name, $Set) { (Get-Param $Model $Name).ParameterSets | Where-Object Name -EQ $Set }
    }

    It 'reads the name, metadata, synopsis and description' {
        $Get.Name | Should -Be 'Get-HcFixture'
        $Get.Metadata['external help file'] | Should -Be 'HcFixture.dll-Help.xml'
        $Get.OnlineVersion | Should -Be 'https://example.invalid/hcfixture/get-hcfixture'
        $Get.Synopsis | Should -Be 'Gets test fixtures by name or by id.'
        # Soft line breaks join; paragraphs stay apart.
        $Get.Description | Should -Be ("The Get-HcFixture cmdlet gets fixture items. It exists only to test the help compiler: " +
            "its help is written in platyPS markdown and compiled without platyPS.`n`nNames accept wildcard characters.")
    }

    It 'reads each parameter set of the syntax with its parameters in order and the default marked' {
        $Get.Syntax.Name | Should -Be 'ByName', 'ById'
        $Get.Syntax.IsDefault | Should -Be $true, $false
        $Get.Syntax[0].Parameters | Should -Be 'Name', 'Size', 'Detailed'
        $Get.Syntax[1].Parameters | Should -Be 'Id', 'Size', 'Detailed'
    }

    It 'reads a single-set syntax whose code wraps onto a second line' {
        $Set.Syntax.Name | Should -Be '__AllParameterSets'
        $Set.Syntax[0].Parameters | Should -Be 'Size', 'InputObject', 'PassThru', 'WhatIf', 'Confirm'
    }

    It 'reads the shared attributes of a parameter' {
        $name = Get-Param $Get 'Name'
        $name.Type | Should -Be 'String[]'
        $name.Description | Should -Be 'The names of the fixtures to get.'
        $name.Aliases | Should -Be 'FixtureName', 'N'
        $name.AcceptWildcard | Should -BeTrue
        $name.DefaultValue | Should -Be 'None'
        (Get-Param $Get 'Size').AcceptedValues | Should -Be 'Small', 'Large'
        (Get-Param $Get 'Size').DefaultValue | Should -Be 'Small'
        (Get-Param $Get 'Detailed').Aliases | Should -HaveCount 0
    }

    It 'parses "Accept pipeline input" into ByValue and ByPropertyName' {
        $byName = Get-SetRecord $Get 'Name' 'ByName'
        $byName.PipelineInput | Should -Be 'True (ByPropertyName, ByValue)'
        $byName.ByValue | Should -BeTrue
        $byName.ByPropertyName | Should -BeTrue
        $id = Get-SetRecord $Get 'Id' 'ById'
        $id.ByValue | Should -BeFalse
        $id.ByPropertyName | Should -BeTrue
        (Get-SetRecord $Get 'Detailed' '__AllParameterSets').PipelineInput | Should -Be 'False'
    }

    It 'gives per-set attributes from several yaml blocks, and (All) as __AllParameterSets' {
        $size = (Get-Param $Get 'Size').ParameterSets
        $size.Name | Should -Be 'ByName', 'ById'
        $size.Required | Should -Be $false, $true
        $size.Position | Should -Be 'Named', '1'
        (Get-Param $Get 'Detailed').ParameterSets.Name | Should -Be '__AllParameterSets'
        $Get.Parameters.Name | Should -Not -Contain 'CommonParameters'
    }

    It 'reads examples: title, every code block that opens it, and the remarks after' {
        $Get.Examples | Should -HaveCount 2
        $Get.Examples[0].Title | Should -Be 'Example 1: Get a fixture by name'
        $Get.Examples[0].Code | Should -Be 'Get-HcFixture -Name alpha'
        $Get.Examples[0].Remarks | Should -Be 'Gets the fixture named alpha in the default size.'
        $Get.Examples[1].Code | Should -BeLike "Get-HcFixture -Id 42 -Size Large`n`nName      Id Size*fixture42 42 Large"
        $Get.Examples[1].Remarks | Should -Be "Gets fixture 42 in its large size.`n`nThe second paragraph of remarks."
        $Set.Examples[1].Introduction | Should -Be 'Preview a change before making it.'
        $Set.Examples[1].Code | Should -Be 'Get-HcFixture -Name beta | Set-HcFixture -Size Small -WhatIf'
    }

    It 'reads inputs, outputs, notes and related links' {
        $Get.Inputs.TypeName | Should -Be 'System.String[]'
        $Get.Inputs.Description | Should -Be 'You can pipe fixture names to this cmdlet.'
        $Set.Outputs.TypeName | Should -Be 'None', 'HcFixture.FixtureItem'
        $Get.Notes | Should -Be 'Fixtures are made up on the spot; nothing is stored.'
        $Set.Notes | Should -Be ''
        $Get.Links.Text | Should -Be 'Set-HcFixture', 'about_HcFixture', 'Help compiler notes'
        $Get.Links.Uri | Should -Be 'Set-HcFixture.md', 'about_HcFixture.md', 'https://example.invalid/hcfixture/notes'
    }

    It 'takes files from the pipeline' {
        $models = Get-ChildItem -LiteralPath $Docs -Filter '*-*.md' | Get-MarkdownHelpModel
        $models.Name | Should -Be 'Get-HcFixture', 'Set-HcFixture'
    }
}

Describe 'Malformed documents' {
    It 'names the file and line: <Case>' -TestCases @(
        @{ Case = 'missing SYNOPSIS'; File = 'Get-HcNoSynopsis.md'; Line = 8; Message = "*missing section '## SYNOPSIS'*" }
        @{ Case = 'parameter without yaml'; File = 'Get-HcNoYaml.md'; Line = 21; Message = '*-Name has no yaml block*' }
        @{ Case = 'unknown schema'; File = 'Get-HcBadSchema.md'; Line = 1; Message = "*unknown schema '3.0.0'*" }
    ) {
        $path = Join-Path $Malformed $File
        { Get-MarkdownHelpModel $path } | Should -Throw -ExpectedMessage "$path`:$Line`: $Message"
    }

    It 'reports a mistake in a yaml block or section at its line: <Case>' -TestCases @(
        @{ Case = 'unknown yaml key'; Find = 'Accept wildcard characters: True'; Replace = 'Accept wildcards: True'; Message = "*unknown key 'Accept wildcards' in the yaml block of -Name*" }
        @{ Case = 'pipeline input without kinds'; Find = 'Accept pipeline input: True (ByPropertyName)'; Replace = 'Accept pipeline input: Maybe'; Message = "*Accept pipeline input of -Id: expected 'False' or 'True (ByPropertyName, ByValue)', found 'Maybe'" }
        @{ Case = 'non-numeric position'; Find = 'Position: 1'; Replace = 'Position: first'; Message = "*Position of -Size: expected Named or a number, found 'first'" }
        @{ Case = 'missing yaml key'; Find = "Required: True`nPosition: Named"; Replace = 'Position: Named'; Message = "*the yaml block of -Id has no 'Required:' line" }
        @{ Case = 'syntax names an undocumented parameter'; Find = '[-Size] <String> [-Detailed]'; Replace = '[-Size] <String> [-Force] [-Detailed]'; Message = "*the syntax of set 'ById' uses -Force, which has no '### -Force' under PARAMETERS" }
        @{ Case = 'yaml names a set the syntax lacks'; Find = 'Parameter Sets: ById'; Replace = 'Parameter Sets: ByNumber'; Message = "*names parameter set 'ByNumber', which has no '### ByNumber' under SYNTAX" }
        @{ Case = 'misspelt section'; Find = '## PARAMETERS'; Replace = '## PARAMETER'; Message = "*unknown section '## PARAMETER'*" }
        @{ Case = 'heading that does not match the file'; Find = '# Get-HcFixture'; Replace = '# Get-HcFixtures'; Message = "*the heading '# Get-HcFixtures' does not match the file name 'Get-HcFixture'" }
        @{ Case = 'unclosed code block'; Find = "Default value: False`nAccept pipeline input: False`nAccept wildcard characters: False`n``````"; Replace = "Default value: False`nAccept pipeline input: False`nAccept wildcard characters: False"; Message = '*:119: the code block opened here is never closed with *' }
    ) {
        $path = New-BrokenCopy 'Get-HcFixture' $Find $Replace
        $err = { Get-MarkdownHelpModel $path } | Should -Throw -PassThru
        $err.Exception | Should -BeOfType System.IO.InvalidDataException
        $err.Exception.Message | Should -BeLike $Message
        $err.Exception.Message | Should -Match ('^' + [regex]::Escape($path) + ':[1-9]\d*: ')
    }

    It 'ConvertTo-MamlHelp reports every broken document and writes nothing' {
        $out = Join-Path $TestDrive 'broken/en-US/HcFixture.dll-Help.xml'
        $err = { ConvertTo-MamlHelp -Path $Docs, $Malformed -OutputPath $out } | Should -Throw -PassThru
        $err.Exception.Message | Should -BeLike '3 help document(s) are malformed; no help was written:*'
        foreach ($file in 'Get-HcNoSynopsis.md', 'Get-HcNoYaml.md', 'Get-HcBadSchema.md') {
            $err.Exception.Message | Should -BeLike "*$file`:*"
        }
        $out | Should -Not -Exist
    }

    It 'ConvertTo-MamlHelp rejects a document meant for another help file' {
        $path = New-BrokenCopy 'Get-HcFixture' 'external help file: HcFixture.dll-Help.xml' 'external help file: Other.dll-Help.xml'
        { ConvertTo-MamlHelp -Path $path -OutputPath (Join-Path $TestDrive 'HcFixture.dll-Help.xml') } |
            Should -Throw -ExpectedMessage "*Get-HcFixture.md:1: 'external help file: Other.dll-Help.xml' but this compiles into HcFixture.dll-Help.xml*"
    }

    It 'ConvertTo-AboutHelp rejects a topic without a SHORT DESCRIPTION' {
        $path = Join-Path $Malformed 'about_HcBroken.md'
        { ConvertTo-AboutHelp -Path $path -OutputPath (Join-Path $TestDrive 'about') } |
            Should -Throw -ExpectedMessage "*about_HcBroken.md:3: expected '## SHORT DESCRIPTION' right after '# about_HcBroken', found 'LONG DESCRIPTION'*"
        Join-Path $TestDrive 'about/about_HcBroken.help.txt' | Should -Not -Exist
    }
}

Describe 'ConvertTo-MamlHelp' {
    BeforeAll {
        $Written = ConvertTo-MamlHelp -Path $Docs -OutputPath (Join-Path $TestDrive 'maml/en-US/HcFixture.dll-Help.xml')
        $Xml = [xml] (Get-Content -LiteralPath $Written.FullName -Raw)
        $NsMgr = [System.Xml.XmlNamespaceManager]::new($Xml.NameTable)
        $NsMgr.AddNamespace('msh', 'http://msh')
        $NsMgr.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $NsMgr.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $NsMgr.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        # Always an array: a lone XmlElement would turn [0] into a child-element lookup.
        function Find-Node([string] $XPath, $Node = $Xml) { , @($Node.SelectNodes($XPath, $NsMgr)) }
    }

    It 'writes well-formed MAML: one command per Verb-Noun document, none for the module page or about topics' {
        $Written.Name | Should -Be 'HcFixture.dll-Help.xml'
        $Xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $Xml.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        $Xml.DocumentElement.schema | Should -Be 'maml'
        (Find-Node '/msh:helpItems/command:command/command:details/command:name').InnerText | Should -Be 'Get-HcFixture', 'Set-HcFixture'
        (Find-Node '//command:details[command:name="Set-HcFixture"]/command:verb').InnerText | Should -Be 'Set'
        (Find-Node '//command:details[command:name="Set-HcFixture"]/command:noun').InnerText | Should -Be 'HcFixture'
    }

    It 'writes one syntax item per parameter set with that set''s attributes' {
        $items = Find-Node '//command:command[command:details/command:name="Get-HcFixture"]/command:syntax/command:syntaxItem'
        $items | Should -HaveCount 2
        $sizeByName = Find-Node 'command:parameter[maml:name="Size"]' $items[0]
        $sizeById = Find-Node 'command:parameter[maml:name="Size"]' $items[1]
        $sizeByName.required, $sizeByName.position | Should -Be 'false', 'named'
        $sizeById.required, $sizeById.position | Should -Be 'true', '1'
        (Find-Node 'command:parameterValueGroup/command:parameterValue' $sizeById[0]).InnerText | Should -Be 'Small', 'Large'
        # Switches show no value in the syntax.
        (Find-Node 'command:parameter[maml:name="Detailed"]/command:parameterValue' $items[0]).Count | Should -Be 0
    }

    It 'writes each parameter once with type, default, aliases and pipeline input' {
        $name = Find-Node '//command:command[command:details/command:name="Get-HcFixture"]/command:parameters/command:parameter[maml:name="Name"]'
        $name | Should -HaveCount 1
        $name[0].aliases | Should -Be 'FixtureName, N'
        $name[0].pipelineInput | Should -Be 'True (ByPropertyName, ByValue)'
        $name[0].globbing | Should -Be 'true'
        (Find-Node 'dev:type/maml:name' $name[0]).InnerText | Should -Be 'String[]'
        (Find-Node 'dev:defaultValue' $name[0]).InnerText | Should -Be 'None'
    }

    It 'puts the online version first among the related links and drops relative uris' {
        $links = Find-Node '//command:command[command:details/command:name="Get-HcFixture"]/maml:relatedLinks/maml:navigationLink'
        ($links | ForEach-Object { $_.linkText }) | Should -Be 'Online Version:', 'Set-HcFixture', 'about_HcFixture', 'Help compiler notes'
        ($links | ForEach-Object { $_.uri }) | Should -Be 'https://example.invalid/hcfixture/get-hcfixture', '', '', 'https://example.invalid/hcfixture/notes'
    }

    It 'compiles 15 documents in one call (the time it takes is a figure)' {
        $many = Join-Path $TestDrive 'many'
        $null = New-Item -ItemType Directory -Path $many
        $source = Get-Content -LiteralPath (Join-Path $Docs 'Get-HcFixture.md') -Raw
        1..15 | ForEach-Object { Set-Content -LiteralPath (Join-Path $many "Get-HcFixture$_.md") -Value $source.Replace('Get-HcFixture', "Get-HcFixture$_") }
        $module = Join-Path $PSScriptRoot '../../build/HelpCompiler.psm1'
        $elapsed = Measure-Command {
            Import-Module $module -Force
            $null = ConvertTo-MamlHelp -Path $many -OutputPath (Join-Path $many 'HcFixture.dll-Help.xml')
        }
        Write-Figure 'help-compiler.seconds-import-and-15-documents' ([math]::Round($elapsed.TotalSeconds, 2))
        (Select-Xml -Path (Join-Path $many 'HcFixture.dll-Help.xml') -XPath '//*[local-name()="command"]/*[local-name()="details"]').Count | Should -Be 15
    }
}

Describe 'ConvertTo-AboutHelp' {
    BeforeAll {
        $AboutFiles = ConvertTo-AboutHelp -Path $Docs -OutputPath (Join-Path $TestDrive 'about/en-US')
        $AboutLines = Get-Content -LiteralPath $AboutFiles[0].FullName
    }

    It 'writes about_*.help.txt for each about_*.md and nothing else' {
        $AboutFiles.Name | Should -Be 'about_HcFixture.help.txt'
    }

    It 'follows the about_ template so Get-Help finds the synopsis on line 5' {
        $AboutLines[0..4] | Should -Be 'TOPIC', '    about_HcFixture', '', 'SHORT DESCRIPTION',
            '    Explains the HcFixture module, which exists to test the help compiler.'
    }

    It 'turns headings into upper-case topic headings, indents text and code, keeps lines as written' {
        $AboutLines | Should -Contain 'LONG DESCRIPTION'
        $AboutLines | Should -Contain '    GETTING A FIXTURE'
        $AboutLines | Should -Contain '    HcFixture is a tiny binary module. Its help is written as markdown and'
        $AboutLines | Should -Contain '    - Set-HcFixture changes their size.'
        $AboutLines | Should -Contain '            Set-HcFixture -Size Large -PassThru'
        $AboutLines -match '#|\*\*|```' | Should -BeNullOrEmpty
    }

    It 'shows links as plain text' {
        $AboutLines | Should -Contain '    Get-HcFixture'
        $AboutLines | Should -Contain '    The platyPS schema (https://example.invalid/platyps-schema)'
    }

    It 'also takes platyPS''s about template: metadata, a title, the topic name, then # SHORT DESCRIPTION' {
        $dir = Join-Path $TestDrive 'platyps-template'
        $null = New-Item -ItemType Directory -Path $dir
        Set-Content -LiteralPath (Join-Path $dir 'about_HcTemplate.md') -Value @'
---
ms.date: 11/28/2026
---
# HcFixture template topic

## HcTemplate

# SHORT DESCRIPTION

Written from the platyPS about template.

# LONG DESCRIPTION

Body text.

## Optional Subtopics

More text.
'@
        $lines = Get-Content -LiteralPath (ConvertTo-AboutHelp -Path $dir -OutputPath $dir).FullName
        $lines[0..4] | Should -Be 'TOPIC', '    about_HcTemplate', '', 'SHORT DESCRIPTION', '    Written from the platyPS about template.'
        $lines | Should -Contain 'OPTIONAL SUBTOPICS'
        $lines -match 'template topic|ms.date' | Should -BeNullOrEmpty
    }
}

Describe 'Get-Help on a compiled binary module' {
    BeforeAll {
        # Compile HcFixture.cs into a module folder laid out like the real one: the dll, and
        # en-US/ with <dll>-Help.xml and the about topics.
        $modules = Join-Path $TestDrive 'modules'
        $root = Join-Path $modules 'HcFixture'
        $null = New-Item -ItemType Directory -Path $root
        Add-Type -Path (Join-Path $Fixtures 'HcFixture.cs') -OutputAssembly (Join-Path $root 'HcFixture.dll') -OutputType Library
        $null = ConvertTo-MamlHelp -Path $Docs -OutputPath (Join-Path $root 'en-US/HcFixture.dll-Help.xml')
        $null = ConvertTo-AboutHelp -Path $Docs -OutputPath (Join-Path $root 'en-US')

        # A fresh process, so the help is loaded the way a user's session loads it.
        $pwsh = [Environment]::ProcessPath
        $pwshArgs = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $pwshArgs = @(Join-Path $PSHOME 'pwsh.dll') }
        $reportFile = Join-Path $TestDrive 'help.json'
        $output = & $pwsh @pwshArgs -NoProfile -NonInteractive -File (Join-Path $Fixtures 'Invoke-HelpProbe.ps1') -ModulePath $modules -OutFile $reportFile 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Help probe failed ($LASTEXITCODE): $($output -join "`n")" }
        $Report = Get-Content -LiteralPath $reportFile -Raw | ConvertFrom-Json
        $GetHelp = $Report.Commands.'Get-HcFixture'
        $SetHelp = $Report.Commands.'Set-HcFixture'
    }

    It 'shows the synopsis and description' {
        $GetHelp.Synopsis | Should -Be 'Gets test fixtures by name or by id.'
        $GetHelp.Full | Should -BeLike '*DESCRIPTION*The Get-HcFixture cmdlet gets fixture items.*Names accept wildcard characters.*'
    }

    It 'lists both parameter sets in the syntax' {
        $GetHelp.Syntax | Should -HaveCount 2
        $GetHelp.Syntax[0] | Should -Be 'Name', 'Size', 'Detailed'
        $GetHelp.Syntax[1] | Should -Be 'Id', 'Size', 'Detailed'
        $GetHelp.Full | Should -BeLike '*Get-HcFixture `[-Name`] <String`[`]> `[-Size {Small | Large}`] `[-Detailed`] `[<CommonParameters>`]*'
        $GetHelp.Full | Should -BeLike '*Get-HcFixture -Id <Int32> `[-Size`] {Small | Large} `[-Detailed`] `[<CommonParameters>`]*'
    }

    It 'shows every parameter with its description and aliases' {
        foreach ($help in $GetHelp, $SetHelp) {
            $help.Parameters | Should -Not -BeNullOrEmpty
            foreach ($p in $help.Parameters) { $p.Description | Should -Not -BeNullOrEmpty -Because "-$($p.Name) is documented" }
        }
        $GetHelp.Parameters.Name | Should -Be 'Name', 'Id', 'Size', 'Detailed'
        ($GetHelp.Parameters | Where-Object Name -EQ 'Name').Aliases | Should -Be 'FixtureName, N'
        ($SetHelp.Parameters | Where-Object Name -EQ 'WhatIf').Aliases | Should -Be 'wi'
        $GetHelp.Full | Should -BeLike '*-Name <String`[`]>*The names of the fixtures to get.*Aliases*FixtureName, N*'
        $GetHelp.Full | Should -BeLike '*-Size <String>*Required?*true*Position?*named (ByName), 1 (ById)*'
    }

    It 'shows both examples with code and remarks' {
        $GetHelp.Full | Should -BeLike '*Example 1: Get a fixture by name*Get-HcFixture -Name alpha*Gets the fixture named alpha*'
        $GetHelp.Full | Should -BeLike '*Example 2: Get a large fixture by id*Get-HcFixture -Id 42 -Size Large*fixture42 42 Large*Gets fixture 42 in its large size.*'
        # An introduction stays apart from the code it introduces.
        $SetHelp.Full | Should -Match 'Preview a change before making it\.\r?\n\s*\r?\n\s*Get-HcFixture -Name beta'
    }

    It 'shows inputs, outputs, notes and related links' {
        $GetHelp.Full | Should -BeLike '*INPUTS*System.String`[`]*You can pipe fixture names to this cmdlet.*OUTPUTS*HcFixture.FixtureItem*One object per fixture.*'
        $GetHelp.Full | Should -BeLike '*NOTES*Fixtures are made up on the spot; nothing is stored.*'
        $GetHelp.Links.Text | Should -Be 'Online Version:', 'Set-HcFixture', 'about_HcFixture', 'Help compiler notes'
        $GetHelp.Full | Should -BeLike '*RELATED LINKS*Online Version: https://example.invalid/hcfixture/get-hcfixture*Set-HcFixture*Help compiler notes https://example.invalid/hcfixture/notes*'
    }

    It 'shows the about topic from the generated text, with its synopsis' {
        $Report.About | Should -BeLike 'TOPIC*about_HcFixture*SHORT DESCRIPTION*LONG DESCRIPTION*'
        $Report.AboutSynopsis | Should -Be 'Explains the HcFixture module, which exists to test the help compiler.'
    }

    It 'has a model that compares directly with Get-Command metadata for <Name> (what a drift test does)' -TestCases @(
        @{ Name = 'Get-HcFixture' }, @{ Name = 'Set-HcFixture' }
    ) {
        $model = Get-MarkdownHelpModel (Join-Path $Docs "$Name.md")
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
        $actual = @($Report.Commands.$Name.Metadata | Where-Object { $common -notcontains $_.Name })
        ($model.Parameters.Name | Sort-Object) -join ',' | Should -Be (($actual.Name | Sort-Object) -join ',')
        foreach ($meta in $actual) {
            $doc = $model.Parameters | Where-Object Name -EQ $meta.Name
            $doc.Aliases -join ',' | Should -Be ($meta.Aliases -join ',') -Because "aliases of -$($meta.Name)"
            ($doc.ParameterSets.Name | Sort-Object) -join ',' | Should -Be (($meta.Sets.Name | Sort-Object) -join ',') -Because "sets of -$($meta.Name)"
            foreach ($set in $meta.Sets) {
                $record = $doc.ParameterSets | Where-Object Name -EQ $set.Name
                "$($record.Required) $($record.Position) $($record.ByValue) $($record.ByPropertyName)" |
                    Should -Be "$($set.Required) $($set.Position) $($set.ByValue) $($set.ByPropertyName)" -Because "-$($meta.Name) in $($set.Name)"
            }
        }
    }
}
